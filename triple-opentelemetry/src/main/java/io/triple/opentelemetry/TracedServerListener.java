package io.triple.opentelemetry;

import io.opentelemetry.context.Scope;
import io.triple.ForwardingServerCallListener;
import io.triple.ServerCall;
import io.triple.internal.ListenerOverrides;

/**
 * The listener of a {@link TracedServerCall}: each callback runs with the call's span current,
 * each request received is an event (when the call's {@code events}), a cancellation ends the span.
 *
 * <p>It forwards {@code onReady} and {@code onComplete} only in its {@link WithOnReady} and
 * {@link WithOnComplete} forms, made when the service's listener wants them: the transport skips
 * scheduling a callback the listener does not override ({@link ListenerOverrides}), and for a
 * unary call through the generated stubs (whose listener overrides {@code onReady} only) that
 * spares a thread hand-off per call after the status is written.
 */
class TracedServerListener<ReqT> extends ForwardingServerCallListener<ReqT> {
  final TracedServerCall<ReqT, ?> call;
  /** Requests received; the listener's callbacks run one at a time. */
  private long received;

  private TracedServerListener(ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call) {
    super(delegate);
    this.call = call;
  }

  /** The listener for {@code call}, forwarding {@code onReady}/{@code onComplete} only if {@code delegate} wants them. */
  static <ReqT> TracedServerListener<ReqT> of(ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call) {
    if (ListenerOverrides.wantsOnComplete(delegate)) {
      return new WithOnComplete<>(delegate, call); // onReady too: a listener rarely wants only onComplete
    }
    return ListenerOverrides.wantsOnReady(delegate)
        ? new WithOnReady<>(delegate, call)
        : new TracedServerListener<>(delegate, call);
  }

  @Override
  public void onMessage(ReqT message) {
    if (call.events) {
      TripleTracing.message(call.span, false, ++received);
    }
    Scope scope = call.context.makeCurrent();
    try {
      super.onMessage(message);
    } finally {
      scope.close();
    }
  }

  @Override
  public void onHalfClose() {
    Scope scope = call.context.makeCurrent();
    try {
      super.onHalfClose();
    } finally {
      scope.close();
    }
  }

  @Override
  public void onCancel() {
    call.cancelled();
    Scope scope = call.context.makeCurrent();
    try {
      super.onCancel();
    } finally {
      scope.close();
    }
  }

  /** For a listener that overrides {@code onReady}: it runs with the span current. */
  private static class WithOnReady<ReqT> extends TracedServerListener<ReqT> {
    WithOnReady(ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call) {
      super(delegate, call);
    }

    @Override
    public void onReady() {
      Scope scope = call.context.makeCurrent();
      try {
        super.onReady();
      } finally {
        scope.close();
      }
    }
  }

  /** For a listener that overrides {@code onComplete} (and maybe {@code onReady}): both run with the span current. */
  private static final class WithOnComplete<ReqT> extends WithOnReady<ReqT> {
    WithOnComplete(ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call) {
      super(delegate, call);
    }

    @Override
    public void onComplete() {
      Scope scope = call.context.makeCurrent();
      try {
        super.onComplete();
      } finally {
        scope.close();
      }
    }
  }
}
