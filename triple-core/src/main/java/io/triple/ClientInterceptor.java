package io.triple;

/**
 * Intercepts calls a client starts: it can change the call options, wrap the {@link ClientCall}
 * (to see or add request metadata, see each request) and its listener (to see response headers,
 * each response and the final status and trailers), or fail the call without calling
 * {@code next}. Install with {@link ClientInterceptors#intercept}; interceptors run in the order
 * given, the first seeing the call first. The same contract as grpc-java's
 * {@code io.grpc.ClientInterceptor}.
 */
@FunctionalInterface
public interface ClientInterceptor {
  <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next);
}
