package io.triple.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.PercentileHistogramBuckets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The RPC meters of one registry ({@link TripleMetrics}'s) as a small JSON document, for the
 * management endpoint's status page, which polls it and plots rates from the differences:
 *
 * <pre>
 * {"time":1733580000000,"methods":[{"side":"server","service":"test.Echo","method":"echo",
 *   "calls":7,"errors":2,"seconds":0.0123,"active":0,"p50":0.0009,"p90":0.0021,"p99":0.0040}],
 *   "connections":1}
 * </pre>
 *
 * {@code calls}, {@code errors} (status not OK) and {@code seconds} (total duration) count from
 * the start; {@code active} is now, and so is {@code connections} (the server's open connections,
 * null when they are not metered); the percentiles (seconds) come from the duration histogram's
 * buckets over Micrometer's rolling window (the last two minutes or so; all status codes; null
 * without a histogram or without calls in the window), interpolated within a bucket.
 */
public final class CallStatsJson {
  private static final String[] SIDES = {"server", "client"};

  private CallStatsJson() {}

  /**
   * What the registry read by {@link #handler} needs: a registry that computes no aggregable
   * percentiles (a {@code SimpleMeterRegistry}) drops the percentile histogram's buckets, so this
   * keeps the same bounds as fixed buckets on the duration timers, with finer ones under 1 ms.
   */
  public static MeterFilter histogramBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().endsWith(".duration") || !Boolean.TRUE.equals(config.isPercentileHistogram())) {
          return config;
        }
        java.util.TreeSet<Double> all = new java.util.TreeSet<>(PercentileHistogramBuckets.buckets(config));
        // Finer below the histogram's minimum (1 ms by default): local calls take less, and
        // one bucket from 0 to 1 ms would only say "under 1 ms".
        double min = all.isEmpty() ? 1e6 : all.first();
        for (double micros : new double[] {25, 50, 100, 150, 200, 300, 400, 500, 600, 700, 800, 900}) {
          if (micros * 1e3 < min) {
            all.add(micros * 1e3);
          }
        }
        double[] bounds = all.stream().mapToDouble(Double::doubleValue).toArray();
        return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
      }
    };
  }

  /** Answers {@code GET} with the current document. */
  public static HttpHandler handler(MeterRegistry registry) {
    return exchange -> {
      try (exchange) {
        serve(registry, exchange);
      }
    };
  }

  private static void serve(MeterRegistry registry, HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    byte[] body = json(registry).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** One method on one side, summed over its status codes. */
  private static final class Row {
    long calls;
    long errors;
    double seconds;
    double active;
    /** Bucket upper bound (ns) to calls at or under it, in the rolling window. */
    final TreeMap<Double, Double> buckets = new TreeMap<>();
  }

  static String json(MeterRegistry registry) {
    StringBuilder out = new StringBuilder("{\"time\":").append(System.currentTimeMillis()).append(",\"methods\":[");
    boolean first = true;
    for (String side : SIDES) {
      Map<String, Row> rows = new TreeMap<>();
      for (Timer t : registry.find("rpc." + side + ".duration").timers()) {
        Row r = rows.computeIfAbsent(key(t.getId().getTag(TripleMetrics.SERVICE), t.getId().getTag(TripleMetrics.METHOD)),
            k -> new Row());
        long count = t.count();
        r.calls += count;
        if (!"0".equals(t.getId().getTag(TripleMetrics.STATUS))) {
          r.errors += count;
        }
        r.seconds += t.totalTime(TimeUnit.SECONDS);
        for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
          r.buckets.merge(b.bucket(TimeUnit.NANOSECONDS), b.count(), Double::sum);
        }
      }
      for (Gauge g : registry.find("rpc." + side + ".calls.active").gauges()) {
        Row r = rows.get(key(g.getId().getTag(TripleMetrics.SERVICE), g.getId().getTag(TripleMetrics.METHOD)));
        if (r != null) {
          r.active = g.value();
        } else if (g.value() > 0) { // first calls still in flight: no duration yet
          Row fresh = new Row();
          fresh.active = g.value();
          rows.put(key(g.getId().getTag(TripleMetrics.SERVICE), g.getId().getTag(TripleMetrics.METHOD)), fresh);
        }
      }
      for (Map.Entry<String, Row> e : rows.entrySet()) {
        Row r = e.getValue();
        String[] sm = e.getKey().split("\n", 2);
        out.append(first ? "" : ",").append("{\"side\":\"").append(side).append("\",\"service\":");
        first = false;
        string(out, sm[0]).append(",\"method\":");
        string(out, sm[1]).append(",\"calls\":").append(r.calls).append(",\"errors\":").append(r.errors)
            .append(",\"seconds\":").append(r.seconds).append(",\"active\":").append((long) r.active)
            .append(",\"p50\":").append(quantile(r.buckets, 0.5))
            .append(",\"p90\":").append(quantile(r.buckets, 0.9))
            .append(",\"p99\":").append(quantile(r.buckets, 0.99)).append('}');
      }
    }
    out.append("],\"connections\":");
    // The server's open connections, when its connection listener meters them (dubbo.metrics does).
    double open = 0;
    boolean metered = false;
    for (Gauge g : registry.find("triple.server.connections.active").gauges()) {
      open += g.value();
      metered = true;
    }
    return out.append(metered ? Long.toString((long) open) : "null").append('}').toString();
  }

  private static String key(String service, String method) {
    return (service == null ? "" : service) + "\n" + (method == null ? "" : method);
  }

  /** The q-quantile in seconds from cumulative bucket counts, or "null". */
  static String quantile(TreeMap<Double, Double> buckets, double q) {
    if (buckets.isEmpty()) {
      return "null";
    }
    double total = buckets.lastEntry().getValue();
    if (total <= 0) {
      return "null";
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      if (b.getValue() >= rank) {
        double inBucket = b.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return Double.toString((lowerBound + fraction * (b.getKey() - lowerBound)) / 1e9);
      }
      lowerBound = b.getKey();
      lowerCount = b.getValue();
    }
    return Double.toString(buckets.lastKey() / 1e9);
  }

  private static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
