package io.triple.bootstrap.spi;

import io.triple.ClientInterceptor;
import io.triple.config.ReferenceConfig;

/**
 * Makes a client interceptor available by name to {@code dubbo.consumer.references.<id>.filter}.
 *
 * <p>Register an implementation (public, with a public no-argument constructor) in
 * {@code META-INF/services/io.triple.bootstrap.spi.ClientInterceptorFactory}, or pass it to
 * {@code Dubbo.interceptorFactory(...)}. The built-in name {@code token} cannot be taken.
 */
public interface ClientInterceptorFactory {

  /** The name written in {@code filter} lists, e.g. {@code tracing}. */
  String name();

  /**
   * A new interceptor for one reference, called once when {@code Dubbo.channel(referenceId)}
   * first creates its channel.
   */
  ClientInterceptor create(String referenceId, ReferenceConfig reference);
}
