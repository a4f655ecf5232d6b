package io.triple;

/**
 * Receives a stream of values: any number of {@link #onNext} calls followed by exactly one of
 * {@link #onCompleted} or {@link #onError}. The same interface grpc-java and Dubbo Java use.
 *
 * <p>Not thread-safe: callers must not invoke its methods concurrently.
 */
public interface StreamObserver<V> {

  void onNext(V value);

  /**
   * Ends the stream with an error. Pass a {@link StatusException} to choose the status sent to
   * the peer; any other throwable becomes UNKNOWN.
   */
  void onError(Throwable t);

  void onCompleted();
}
