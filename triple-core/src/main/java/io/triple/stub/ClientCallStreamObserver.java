package io.triple.stub;

/** The request observer a client-/bidi-streaming stub method returns; it can cancel the call. */
public abstract class ClientCallStreamObserver<V> extends CallStreamObserver<V> {

  /** Cancels the call: the server sees RST_STREAM(CANCEL), the response observer CANCELLED. */
  public abstract void cancel(String message, Throwable cause);
}
