package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.Metrics;
import io.triple.micrometer.TripleMetrics;

/** The {@link TripleMetrics} of the {@code metrics} filters found on the class path: Micrometer's global registry. */
final class GlobalMetrics {
  static final TripleMetrics INSTANCE = TripleMetrics.of(Metrics.globalRegistry);

  private GlobalMetrics() {}
}
