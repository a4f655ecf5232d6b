package io.triple.micrometer.bootstrap;

import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ServiceConfig;
import io.triple.micrometer.TripleMetrics;
import java.util.Objects;

/**
 * The filter name {@code metrics} for {@code dubbo.provider.filter} and a service's {@code filter}:
 * meters the service's calls ({@link TripleMetrics#serverInterceptor()}). Found on the class path,
 * it records into Micrometer's global registry ({@code Metrics.globalRegistry}: add your registry
 * to it); {@code Dubbo.create().interceptorFactory(new MetricsServerFilter(metrics))} uses yours.
 */
public final class MetricsServerFilter implements ServerInterceptorFactory {
  private final TripleMetrics metrics;

  /** Into Micrometer's global registry. */
  public MetricsServerFilter() {
    this(GlobalMetrics.INSTANCE);
  }

  public MetricsServerFilter(TripleMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
    return metrics.serverInterceptor();
  }
}
