package io.triple;

/** A {@link ClientCall} that passes everything to another; override what you want to see. */
public class ForwardingClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  protected final ClientCall<ReqT, RespT> delegate;

  public ForwardingClientCall(ClientCall<ReqT, RespT> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    delegate.start(listener, headers);
  }

  @Override
  public void request(int n) {
    delegate.request(n);
  }

  @Override
  public void sendMessage(ReqT message) {
    delegate.sendMessage(message);
  }

  @Override
  public void halfClose() {
    delegate.halfClose();
  }

  @Override
  public void cancel(String message, Throwable cause) {
    delegate.cancel(message, cause);
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    delegate.setMessageCompression(enabled);
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public long wireBytesReceived() {
    return delegate.wireBytesReceived();
  }

  @Override
  public long wireBytesSent() {
    return delegate.wireBytesSent();
  }
}
