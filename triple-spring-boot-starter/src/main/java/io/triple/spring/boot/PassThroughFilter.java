package io.triple.spring.boot;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ReferenceConfig;
import io.triple.config.ServiceConfig;

/**
 * A {@code filter} name that adds nothing: {@code metrics} or {@code tracing} when the starter
 * already meters or traces every call through Spring's beans. Given to the bootstrap, it wins over
 * the class path's filter of that name, which would record the same calls a second time (into
 * Micrometer's global registry, to which Spring Boot adds its own, or through GlobalOpenTelemetry).
 */
final class PassThroughFilter implements ServerInterceptorFactory, ClientInterceptorFactory {
  private static final ServerInterceptor SERVER = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
        ServerCallHandler<ReqT, RespT> next) {
      return next.startCall(call, headers);
    }
  };
  private static final ClientInterceptor CLIENT = new ClientInterceptor() {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
        CallOptions options, Channel next) {
      return next.newCall(method, options);
    }
  };

  private final String name;

  PassThroughFilter(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
    return SERVER;
  }

  @Override
  public ClientInterceptor create(String referenceId, ReferenceConfig reference) {
    return CLIENT;
  }
}
