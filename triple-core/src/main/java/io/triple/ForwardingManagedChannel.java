package io.triple;

import java.time.Duration;

/**
 * A {@link ManagedChannel} that passes everything to another; override {@code newCall} to put
 * something in front of its calls (interceptors, limits) while its lifecycle stays the other's:
 * shutting this down shuts that one down.
 */
public abstract class ForwardingManagedChannel implements ManagedChannel {
  protected final ManagedChannel delegate;

  protected ForwardingManagedChannel(ManagedChannel delegate) {
    this.delegate = delegate;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    return delegate.newCall(method, options);
  }

  @Override
  public String authority() {
    return delegate.authority();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void shutdownNow() {
    delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return delegate.awaitTermination(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
