package io.triple.tests.bootstrap;

import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerInterceptor;
import io.triple.Status;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ServiceConfig;

/**
 * A custom server filter found through {@code META-INF/services}: refuses calls without an
 * {@code x-user} header with PERMISSION_DENIED.
 */
public final class RequireUserFilter implements ServerInterceptorFactory {
  @Override
  public String name() {
    return "require-user";
  }

  @Override
  public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, io.triple.ServerCallHandler<ReqT, RespT> next) {
        if (headers.get("x-user") == null) {
          call.close(Status.PERMISSION_DENIED.withDescription("no x-user calling " + serviceName), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }
}
