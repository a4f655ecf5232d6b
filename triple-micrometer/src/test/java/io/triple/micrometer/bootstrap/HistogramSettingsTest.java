package io.triple.micrometer.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.triple.config.MetricsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** distribution_statistic_expiry_min: a filter on the call durations only. */
class HistogramSettingsTest {

  private static Meter.Id id(String name) {
    return new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER);
  }

  @Test
  void expiryOnTheDurationsAndNothingElse() {
    MetricsConfig m = MetricsConfig.builder()
        .histogramOptions(new MetricsConfig.HistogramOptions(List.of(), null, null, null, List.of(), 5)).build();
    MeterFilter f = HistogramSettings.expiry(m);
    DistributionStatisticConfig given = DistributionStatisticConfig.builder().expiry(Duration.ofMinutes(2)).build();
    assertEquals(Duration.ofMinutes(5), f.configure(id("rpc.server.duration"), given).getExpiry());
    assertEquals(Duration.ofMinutes(5), f.configure(id("rpc.client.duration"), given).getExpiry());
    assertEquals(Duration.ofMinutes(2), f.configure(id("executor"), given).getExpiry());
    assertNull(HistogramSettings.expiry(MetricsConfig.DEFAULTS), "not set: no filter");
  }
}
