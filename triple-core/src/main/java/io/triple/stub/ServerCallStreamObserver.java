package io.triple.stub;

/** The response observer a streaming service method receives, with cancellation and readiness. */
public abstract class ServerCallStreamObserver<V> extends CallStreamObserver<V> {

  /** True once the client cancelled the call or its deadline passed. */
  public abstract boolean isCancelled();

  /** Runs {@code handler} if the call is cancelled. */
  public abstract void setOnCancelHandler(Runnable handler);
}
