package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Quantiles from cumulative bucket counts, as the status page's JSON computes them. */
class CallStatsJsonTest {

  @Test
  void interpolatesWithinTheBucketThatHoldsTheRank() {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(1e6, 50.0);  // 50 calls up to 1 ms
    buckets.put(2e6, 90.0);  // 40 more up to 2 ms
    buckets.put(4e6, 100.0); // 10 more up to 4 ms
    assertEquals("0.001", CallStatsJson.quantile(buckets, 0.5));
    assertEquals(0.0015, Double.parseDouble(CallStatsJson.quantile(buckets, 0.7)), 1e-12);
    assertEquals(0.0038, Double.parseDouble(CallStatsJson.quantile(buckets, 0.99)), 1e-12);
    assertEquals("null", CallStatsJson.quantile(new TreeMap<>(), 0.5), "no histogram");
  }
}
