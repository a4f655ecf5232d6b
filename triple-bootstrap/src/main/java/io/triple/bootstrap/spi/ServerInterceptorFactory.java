package io.triple.bootstrap.spi;

import io.triple.ServerInterceptor;
import io.triple.config.ServiceConfig;

/**
 * Makes a server interceptor available by name to {@code dubbo.yaml}'s {@code filter} lists
 * ({@code dubbo.provider.filter}, {@code dubbo.provider.services.<id>.filter}): Apache Dubbo's
 * {@code @Activate}-less filter extension, in the small.
 *
 * <p>Register an implementation (public, with a public no-argument constructor) in
 * {@code META-INF/services/io.triple.bootstrap.spi.ServerInterceptorFactory}, or pass it to
 * {@code Dubbo.interceptorFactory(...)}. The built-in names {@code accesslog}, {@code token} and
 * {@code executes} cannot be taken.
 */
public interface ServerInterceptorFactory {

  /** The name written in {@code filter} lists, e.g. {@code audit}. */
  String name();

  /**
   * A new interceptor for one service, called once per service whose filter list names this
   * factory, when {@code Dubbo.start()} exports it.
   *
   * @param serviceId the service's id under {@code dubbo.provider.services}, or {@code null} for
   *     a registered service served without an entry (it gets {@code dubbo.provider}'s filters)
   * @param service the service's resolved configuration, or {@code null} when {@code serviceId} is
   * @param serviceName the fully-qualified service name being exported
   */
  ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName);
}
