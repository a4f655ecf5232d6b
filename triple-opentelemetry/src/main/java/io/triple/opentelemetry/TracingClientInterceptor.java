package io.triple.opentelemetry;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.MethodDescriptor;

/**
 * A CLIENT span per call, child of the caller's current context, injected into the request
 * metadata; the listener's callbacks run with it current. Per call: the span (the SDK's), its
 * context, one {@link TracedClientCall} and one {@link TracedClientListener}; nothing else of ours.
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private final TripleTracing tracing;

  TracingClientInterceptor(TripleTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    if (tracing.noop) {
      return next.newCall(method, options);
    }
    return new TracedClientCall<>(next.newCall(method, options), method, tracing);
  }
}
