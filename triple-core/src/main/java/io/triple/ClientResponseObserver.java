package io.triple;

/**
 * A response observer that also wants the call's response headers and trailers. Pass one where
 * a stub takes a {@link StreamObserver}; the stub calls {@link #onHeaders} before the first
 * message and {@link #onTrailers} just before {@code onCompleted} or {@code onError}.
 */
public interface ClientResponseObserver<T> extends StreamObserver<T> {

  /** Response headers (not called if the server answered trailers-only). */
  default void onHeaders(Metadata headers) {}

  /** The trailers, including {@code grpc-status} and {@code grpc-message} as received. */
  default void onTrailers(Metadata trailers) {}
}
