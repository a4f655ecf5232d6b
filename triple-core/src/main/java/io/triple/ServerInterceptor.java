package io.triple;

/**
 * Intercepts calls a server receives, before the service sees them: it sees the request
 * headers, can wrap the {@link ServerCall} (to see or change response headers, each response
 * and the final status) and the returned {@link ServerCall.Listener} (to see each request, the
 * half-close and cancellation), or refuse the call by closing it without calling {@code next}.
 *
 * <p>Install per service with {@link ServiceDefinition#withInterceptors} or for every service
 * with {@code TripleServer.Builder.intercept}. Interceptors run in the order they are given: the
 * first sees the call first and its final status last. The same contract as grpc-java's
 * {@code io.grpc.ServerInterceptor}.
 */
@FunctionalInterface
public interface ServerInterceptor {
  <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next);
}
