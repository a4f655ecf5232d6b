package io.triple.micrometer;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.MethodDescriptor;

/**
 * Meters each call a client makes: started and in flight at {@code start}, finished with the
 * status the listener hears ({@code onClose}), which is also where a cancellation or a deadline
 * ends up. Per call: one {@link MeteredClientCall} and its listener.
 */
final class MetricsClientInterceptor implements ClientInterceptor {
  private final TripleMetrics.Side side;

  MetricsClientInterceptor(TripleMetrics.Side side) {
    this.side = side;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new MeteredClientCall<>(next.newCall(method, options), method, side);
  }
}
