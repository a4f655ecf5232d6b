package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.triple.ClientCall;
import io.triple.ForwardingClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;

/**
 * A call a client makes, with its CLIENT span from {@code start}: the span's context goes into
 * the request metadata, each request sent is an event (when {@link #events}), a cancellation is
 * an event; {@link TracedClientListener} ends the span with the status. {@code start}, {@code
 * sendMessage} and {@code cancel} are the application's, called in turn.
 */
final class TracedClientCall<ReqT, RespT> extends ForwardingClientCall<ReqT, RespT> {
  private final MethodDescriptor<ReqT, RespT> method;
  private final TripleTracing tracing;
  /** Null until {@code start}. */
  private Span span;
  /** Whether messages are {@code rpc.message} events: turned on, and the span records. */
  private boolean events;
  /** Requests sent; the application calls {@code sendMessage} in turn. */
  private long sent;

  TracedClientCall(ClientCall<ReqT, RespT> call, MethodDescriptor<ReqT, RespT> method, TripleTracing tracing) {
    super(call);
    this.method = method;
    this.tracing = tracing;
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    Context parent = Context.current();
    Span s = tracing.start(tracing.tracer.spanBuilder(method.fullMethodName())
        .setParent(parent)
        .setSpanKind(SpanKind.CLIENT), method);
    Context context = parent.with(s);
    span = s;
    events = tracing.messageEvents(s);
    // Sampled or not, the context travels: the server's spans follow the same decision.
    tracing.propagator.inject(context, headers, TripleTracing.SETTER);
    try {
      super.start(TracedClientListener.of(listener, s, context, events), headers);
    } catch (RuntimeException | Error e) {
      if (s.isRecording()) {
        s.recordException(e);
      }
      TripleTracing.end(s, Status.UNKNOWN, false);
      throw e;
    }
  }

  @Override
  public void sendMessage(ReqT message) {
    if (events) {
      TripleTracing.message(span, true, ++sent);
    }
    super.sendMessage(message);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Span s = span;
    if (s != null && s.isRecording()) {
      s.addEvent(message == null ? "cancelled" : "cancelled: " + message);
      if (cause != null) {
        s.recordException(cause);
      }
    }
    super.cancel(message, cause);
  }
}
