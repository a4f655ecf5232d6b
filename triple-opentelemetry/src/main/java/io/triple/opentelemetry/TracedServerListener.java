package io.triple.opentelemetry;

import io.opentelemetry.context.Scope;
import io.triple.ForwardingServerCallListener;
import io.triple.ServerCall;

/**
 * The listener of a {@link TracedServerCall}: each callback runs with the call's span current,
 * each request received is an event (when the call's {@code events}), a cancellation ends the span.
 */
final class TracedServerListener<ReqT> extends ForwardingServerCallListener<ReqT> {
  private final TracedServerCall<ReqT, ?> call;
  /** Requests received; the listener's callbacks run one at a time. */
  private long received;

  TracedServerListener(ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call) {
    super(delegate);
    this.call = call;
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
  public void onReady() {
    Scope scope = call.context.makeCurrent();
    try {
      super.onReady();
    } finally {
      scope.close();
    }
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
}
