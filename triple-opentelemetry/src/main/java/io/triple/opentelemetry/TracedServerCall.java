package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.triple.Deadline;
import io.triple.ForwardingServerCall;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.Status;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A call a server received, with its SERVER span: each response sent is an event (when {@link
 * #events}), and the status ends the span, unless a cancellation ended it first. The one object
 * per call that holds the call's tracing state; {@link TracedServerListener} uses it too.
 */
final class TracedServerCall<ReqT, RespT> extends ForwardingServerCall<ReqT, RespT> {
  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<TracedServerCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(TracedServerCall.class, "ended");

  final Span span;
  /** The parent's context with the span: current while the service's code runs. */
  final Context context;
  /** Whether messages are {@code rpc.message} events: turned on, and the span records. */
  final boolean events;
  /** 1 once the span is ended: the status and a cancellation race, the first ends it. */
  private volatile int ended;
  /** Responses sent; only {@code sendMessage} writes it, which the application calls in turn. */
  private long sent;

  TracedServerCall(ServerCall<ReqT, RespT> call, Span span, Context context, boolean events) {
    super(call);
    this.span = span;
    this.context = context;
    this.events = events;
  }

  @Override
  public void sendMessage(RespT message) {
    if (events) {
      TripleTracing.message(span, true, ++sent);
    }
    super.sendMessage(message);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (claimEnd()) {
      TripleTracing.end(span, status, true);
    }
    super.close(status, trailers);
  }

  /** The service's code threw while the call started. */
  void failed(Throwable e) {
    if (claimEnd()) {
      if (span.isRecording()) {
        span.recordException(e);
      }
      TripleTracing.end(span, Status.UNKNOWN, true);
    }
  }

  /** The client cancelled, the deadline passed or the connection went: an error, unless closed first. */
  void cancelled() {
    if (!claimEnd()) {
      return;
    }
    if (span.isRecording()) {
      Deadline d = delegate.deadline();
      boolean deadline = d != null && d.isExpired();
      span.setAttribute(TripleTracing.RPC_STATUS,
          (long) (deadline ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED).value());
      span.setStatus(StatusCode.ERROR, deadline ? "deadline exceeded" : "cancelled by the client");
    }
    span.end();
  }

  private boolean claimEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
