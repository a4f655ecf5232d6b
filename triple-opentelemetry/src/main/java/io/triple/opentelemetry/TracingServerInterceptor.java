package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A SERVER span per call, child of the context the request metadata carries, current while the
 * listener's callbacks (and so the service's methods) run. Per call: the span (the SDK's), its
 * context, one {@link TracedServerCall} holding the call's tracing state and one {@link
 * TracedServerListener}; nothing else of ours.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  private final TripleTracing tracing;
  /**
   * The last peer seen with its address as text: the transport hands every call of a connection
   * the same address object, so most calls skip formatting the address again.
   */
  private volatile Peer lastPeer;

  TracingServerInterceptor(TripleTracing tracing) {
    this.tracing = tracing;
  }

  /** A peer's address and, made once, the attribute values the span gets from it. */
  private record Peer(SocketAddress address, String host, Long port) {}

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (tracing.noop) {
      return next.startCall(call, headers);
    }
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    Context parent = tracing.propagator.extract(Context.root(), headers, TripleTracing.GETTER);
    Span span = tracing.start(tracing.tracer.spanBuilder(method.fullMethodName())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER), method);
    if (span.isRecording()) {
      // The peer's address is not among the attributes a sampler decides by: only a span that
      // records gets it (an unsampled one would carry it in its builder's map for nothing).
      Peer peer = peer(call.remoteAddress());
      if (peer != null) {
        span.setAttribute(TripleTracing.PEER_ADDRESS, peer.host());
        span.setAttribute(TripleTracing.PEER_PORT, peer.port());
      }
    }
    TracedServerCall<ReqT, RespT> traced = new TracedServerCall<>(call, span, parent.with(span),
        tracing.messageEvents(span));
    ServerCall.Listener<ReqT> listener;
    Scope scope = traced.context.makeCurrent();
    try {
      listener = next.startCall(traced, headers);
    } catch (RuntimeException | Error e) {
      traced.failed(e);
      throw e;
    } finally {
      scope.close();
    }
    return TracedServerListener.of(listener, traced);
  }

  private Peer peer(SocketAddress remote) {
    Peer p = lastPeer;
    if (p != null && p.address() == remote) {
      return p;
    }
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return null;
    }
    p = new Peer(remote, inet.getAddress().getHostAddress(), (long) inet.getPort());
    lastPeer = p;
    return p;
  }
}
