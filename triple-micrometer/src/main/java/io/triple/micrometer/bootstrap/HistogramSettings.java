package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.triple.config.MetricsConfig;
import io.triple.micrometer.TripleMetrics;
import java.time.Duration;
import java.util.Set;

/**
 * Dubbo's {@code dubbo.metrics.histogram} keys on the call duration timers, as Dubbo's own
 * {@code HistogramMetricRegister} sets them on its timers: {@code buckets_ms} as service-level
 * objective buckets, {@code min/max_expected_ms} as the histogram's range, {@code percentiles} as
 * computed quantiles, {@code distribution_statistic_expiry_min} as the statistics' expiry.
 */
final class HistogramSettings {
  /** The timers the settings apply to: TripleMetrics' call durations. */
  static final Set<String> DURATIONS = Set.of("rpc.server.duration", "rpc.client.duration");

  private HistogramSettings() {}

  /** {@code b} with the histogram keys of {@code m}. */
  static TripleMetrics.Builder apply(TripleMetrics.Builder b, MetricsConfig m) {
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
    return b;
  }

  /**
   * {@code distribution_statistic_expiry_min} (TripleMetrics.Builder has no option for it): a filter
   * for the registry the durations are recorded in, or null when the key is not set.
   */
  static MeterFilter expiry(MetricsConfig m) {
    Integer minutes = m.histogramOptions().distributionStatisticExpiryMin();
    if (minutes == null) {
      return null;
    }
    Duration expiry = Duration.ofMinutes(minutes);
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!DURATIONS.contains(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder().expiry(expiry).build().merge(config);
      }
    };
  }
}
