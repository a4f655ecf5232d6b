package io.triple.opentelemetry.bootstrap;

import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ServiceConfig;
import io.triple.opentelemetry.TripleTracing;
import java.util.Objects;

/**
 * The filter name {@code tracing} for {@code dubbo.provider.filter} and a service's {@code filter}:
 * a SERVER span per call ({@link TripleTracing#serverInterceptor()}). Found on the class path, it
 * traces through {@code GlobalOpenTelemetry} (the agent's or autoconfiguration's SDK; no-op
 * without one); {@code Dubbo.create().interceptorFactory(new TracingServerFilter(tracing))} uses yours.
 */
public final class TracingServerFilter implements ServerInterceptorFactory {
  private TripleTracing tracing;

  /** Through {@code GlobalOpenTelemetry}, looked up when the first service is exported. */
  public TracingServerFilter() {}

  public TracingServerFilter(TripleTracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public String name() {
    return "tracing";
  }

  @Override
  public synchronized ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
    if (tracing == null) {
      tracing = TripleTracing.global();
    }
    return tracing.serverInterceptor();
  }
}
