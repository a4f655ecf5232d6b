package io.triple.micrometer.bootstrap;

import io.triple.config.MetricsConfig;
import io.triple.micrometer.TripleMetrics;
import java.time.Duration;

/**
 * Dubbo's {@code dubbo.metrics.histogram} keys on the call duration timers, as Dubbo's own
 * {@code HistogramMetricRegister} sets them on its timers: {@code buckets_ms} as service-level
 * objective buckets, {@code min/max_expected_ms} as the histogram's range, {@code percentiles} as
 * computed quantiles, {@code distribution_statistic_expiry_min} as the statistics' expiry. Public
 * for the Spring Boot starter, which builds its {@link TripleMetrics} over Spring's registry.
 */
public final class HistogramSettings {
  private HistogramSettings() {}

  /** {@code b} with the histogram keys of {@code m}. */
  public static TripleMetrics.Builder apply(TripleMetrics.Builder b, MetricsConfig m) {
    MetricsConfig.HistogramOptions h = m.histogramOptions();
    b.histogram(m.percentileHistogram());
    if (h.minExpectedMs() != null || h.maxExpectedMs() != null) {
      // TripleMetrics' defaults (1 ms, 30 s) for the end not given.
      b.expectedDurations(Duration.ofMillis(h.minExpectedMs() == null ? 1 : h.minExpectedMs()),
          h.maxExpectedMs() == null ? Duration.ofSeconds(30) : Duration.ofMillis(h.maxExpectedMs()));
    }
    if (!h.bucketsMs().isEmpty()) {
      b.slos(h.bucketsMs().stream().map(Duration::ofMillis).toArray(Duration[]::new));
    }
    if (!h.percentiles().isEmpty()) {
      b.percentiles(h.percentiles().stream().mapToDouble(Double::doubleValue).toArray());
    }
    if (h.distributionStatisticExpiryMin() != null) {
      b.statisticExpiry(Duration.ofMinutes(h.distributionStatisticExpiryMin()));
    }
    return b;
  }
}
