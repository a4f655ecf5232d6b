package io.triple;

import java.net.SocketAddress;

/** A {@link ServerCall} that passes everything to another; override what you want to see. */
public class ForwardingServerCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
  protected final ServerCall<ReqT, RespT> delegate;

  public ForwardingServerCall(ServerCall<ReqT, RespT> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void request(int n) {
    delegate.request(n);
  }

  @Override
  public void sendHeaders(Metadata headers) {
    delegate.sendHeaders(headers);
  }

  @Override
  public void sendMessage(RespT message) {
    delegate.sendMessage(message);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    delegate.close(status, trailers);
  }

  @Override
  public boolean isCancelled() {
    return delegate.isCancelled();
  }

  @Override
  public void whenCancelled(Runnable hook) {
    delegate.whenCancelled(hook);
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public void setCompression(String encoding) {
    delegate.setCompression(encoding);
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    delegate.setMessageCompression(enabled);
  }

  @Override
  public boolean isMessageCompressed() {
    return delegate.isMessageCompressed();
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return delegate.getMethodDescriptor();
  }

  @Override
  public SocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public Deadline deadline() {
    return delegate.deadline();
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
