package io.triple;

/** A {@link ServerCall.Listener} that passes everything to another. */
public class ForwardingServerCallListener<ReqT> extends ServerCall.Listener<ReqT> {
  protected final ServerCall.Listener<ReqT> delegate;

  public ForwardingServerCallListener(ServerCall.Listener<ReqT> delegate) {
    this.delegate = delegate;
  }

  /**
   * The listener this one forwards to. The transports look through a forwarding listener that
   * does not override {@code onReady} (or {@code onComplete}) itself: when the listener
   * behind it does nothing with the callback, they skip scheduling it (a thread hand-off per
   * call saved, as without the interceptor).
   */
  public ServerCall.Listener<ReqT> delegate() {
    return delegate;
  }

  @Override
  public void onMessage(ReqT message) {
    delegate.onMessage(message);
  }

  @Override
  public void onHalfClose() {
    delegate.onHalfClose();
  }

  @Override
  public void onCancel() {
    delegate.onCancel();
  }

  @Override
  public void onComplete() {
    delegate.onComplete();
  }

  @Override
  public void onReady() {
    delegate.onReady();
  }
}
