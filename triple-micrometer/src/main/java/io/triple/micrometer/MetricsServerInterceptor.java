package io.triple.micrometer;

import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;

/**
 * Meters each call a server receives: started and in flight when it reaches the interceptor,
 * finished when its status is sent ({@code close}) or when it is cancelled (client reset,
 * connection loss: CANCELLED; the deadline: DEADLINE_EXCEEDED), whichever comes first. Per call:
 * one {@link MeteredServerCall} and its listener.
 */
final class MetricsServerInterceptor implements ServerInterceptor {
  private final TripleMetrics.Side side;

  MetricsServerInterceptor(TripleMetrics.Side side) {
    this.side = side;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MeteredServerCall<ReqT, RespT> metered = new MeteredServerCall<>(call, side.of(call.getMethodDescriptor()));
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(metered, headers);
    } catch (RuntimeException | Error e) {
      metered.finish(Status.Code.UNKNOWN);
      throw e;
    }
    return new MeteredServerCall.Listener<>(listener, metered);
  }
}
