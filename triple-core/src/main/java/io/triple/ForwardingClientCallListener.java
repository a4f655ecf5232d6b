package io.triple;

/** A {@link ClientCall.Listener} that passes everything to another. */
public class ForwardingClientCallListener<RespT> extends ClientCall.Listener<RespT> {
  protected final ClientCall.Listener<RespT> delegate;

  public ForwardingClientCallListener(ClientCall.Listener<RespT> delegate) {
    this.delegate = delegate;
  }

  /**
   * The listener this one forwards to. The transports look through a forwarding listener that
   * does not override {@code onReady} (or {@code onComplete}) itself: when the listener
   * behind it does nothing with the callback, they skip scheduling it (a thread hand-off per
   * call saved, as without the interceptor).
   */
  public ClientCall.Listener<RespT> delegate() {
    return delegate;
  }

  @Override
  public void onHeaders(Metadata headers) {
    delegate.onHeaders(headers);
  }

  @Override
  public void onMessage(RespT message) {
    delegate.onMessage(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    delegate.onClose(status, trailers);
  }

  @Override
  public void onReady() {
    delegate.onReady();
  }
}
