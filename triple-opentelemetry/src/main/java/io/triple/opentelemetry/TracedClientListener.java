package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.triple.ClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.ListenerOverrides;

/**
 * The listener of a {@link TracedClientCall}: each callback runs with the call's span current,
 * each response received is an event (when {@code events}), the status ends the span. Its own
 * final copy of the call's span state: the callbacks run on other threads than {@code start}.
 *
 * <p>It forwards {@code onReady} only in its {@link WithOnReady} form, made when the caller's
 * listener wants it: the transport skips scheduling {@code onReady} for a listener that does not
 * override it ({@link ListenerOverrides}), a thread hand-off per unary call saved.
 */
class TracedClientListener<RespT> extends ForwardingClientCallListener<RespT> {
  private final Span span;
  final Context context;
  private final boolean events;
  /** Responses received; the listener's callbacks run one at a time. */
  private long received;

  private TracedClientListener(ClientCall.Listener<RespT> delegate, Span span, Context context, boolean events) {
    super(delegate);
    this.span = span;
    this.context = context;
    this.events = events;
  }

  /** The listener for a call traced with {@code span}, forwarding {@code onReady} only if {@code delegate} wants it. */
  static <RespT> TracedClientListener<RespT> of(
      ClientCall.Listener<RespT> delegate, Span span, Context context, boolean events) {
    return ListenerOverrides.wantsOnReady(delegate)
        ? new WithOnReady<>(delegate, span, context, events)
        : new TracedClientListener<>(delegate, span, context, events);
  }

  @Override
  public void onHeaders(Metadata headers) {
    Scope scope = context.makeCurrent();
    try {
      super.onHeaders(headers);
    } finally {
      scope.close();
    }
  }

  @Override
  public void onMessage(RespT message) {
    if (events) {
      TripleTracing.message(span, false, ++received);
    }
    Scope scope = context.makeCurrent();
    try {
      super.onMessage(message);
    } finally {
      scope.close();
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    TripleTracing.end(span, status, false);
    Scope scope = context.makeCurrent();
    try {
      super.onClose(status, trailers);
    } finally {
      scope.close();
    }
  }

  /** For a listener that overrides {@code onReady}: it runs with the span current. */
  private static final class WithOnReady<RespT> extends TracedClientListener<RespT> {
    WithOnReady(ClientCall.Listener<RespT> delegate, Span span, Context context, boolean events) {
      super(delegate, span, context, events);
    }

    @Override
    public void onReady() {
      Scope scope = context.makeCurrent();
      try {
        super.onReady();
      } finally {
        scope.close();
      }
    }
  }
}
