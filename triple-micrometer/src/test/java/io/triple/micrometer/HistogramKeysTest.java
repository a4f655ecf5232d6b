package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.micrometer.bootstrap.MetricsExtension;
import io.triple.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dubbo's dubbo.metrics.histogram keys on the duration timers, after real calls. */
class HistogramKeysTest {

  @Test
  void bucketsAndPercentilesAsDubboNamesThem(@TempDir Path dir) throws Exception {
    String yaml = EchoService.app("""
        enabled: true
        histogram:
          enabled: false             # no percentile histogram: only the buckets below
          buckets-ms: [7, 77]
          percentiles: [0.5, 0.99]
          distribution-statistic-expiry-min: 5
        """);
    // The durations are measured with System.nanoTime; the registry's clock only ages the statistics.
    MockClock clock = new MockClock();
    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .extension(new MetricsExtension(registry)).register(EchoService.definition()).start()) {
      var channel = dubbo.channel("Echo");
      for (int i = 0; i < 4; i++) {
        ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x");
      }
      for (String side : new String[] {"rpc.server.duration", "rpc.client.duration"}) {
        Timer t = registry.get(side).tag("rpc.method", "echo").timer();
        HistogramSnapshot snap = t.takeSnapshot();
        assertArrayEquals(new double[] {7, 77},
            Arrays.stream(snap.histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS)).toArray(), side);
        assertEquals(4.0, snap.count(), side);
        assertArrayEquals(new double[] {0.5, 0.99},
            Arrays.stream(snap.percentileValues()).mapToDouble(ValueAtPercentile::percentile).toArray(), side);
      }
      // distribution_statistic_expiry_min: 5. Micrometer keeps the maximum (and the percentiles)
      // in 3 buffers rotated every expiry: a value counts for 10 to 15 minutes. With its default
      // (2 minutes: 4 to 6) the calls would be gone 7 minutes on.
      Timer server = registry.get("rpc.server.duration").tag("rpc.method", "echo").timer();
      assertTrue(server.max(TimeUnit.NANOSECONDS) > 0, "a maximum at first");
      clock.add(Duration.ofMinutes(7));
      assertTrue(server.max(TimeUnit.NANOSECONDS) > 0, "still counted 7 minutes on");
      clock.add(Duration.ofMinutes(8));
      assertEquals(0.0, server.max(TimeUnit.NANOSECONDS), "expired 15 minutes on");
    }
  }

}
