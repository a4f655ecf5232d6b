package io.triple.micrometer.bootstrap;

import io.triple.ClientInterceptor;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.config.ReferenceConfig;
import io.triple.micrometer.TripleMetrics;
import java.util.Objects;

/**
 * The filter name {@code metrics} for a reference's {@code filter}: meters the reference's calls
 * ({@link TripleMetrics#clientInterceptor()}). Found on the class path, it records into
 * Micrometer's global registry; {@code Dubbo.create().interceptorFactory(new MetricsClientFilter(metrics))}
 * uses yours.
 */
public final class MetricsClientFilter implements ClientInterceptorFactory {
  private final TripleMetrics metrics;

  /** Into Micrometer's global registry. */
  public MetricsClientFilter() {
    this(GlobalMetrics.INSTANCE);
  }

  public MetricsClientFilter(TripleMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public ClientInterceptor create(String referenceId, ReferenceConfig reference) {
    return metrics.clientInterceptor();
  }
}
