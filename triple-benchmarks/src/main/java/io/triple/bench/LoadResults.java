package io.triple.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link LoadBench} run's statistics: every round's {@link Measurement} by scenario, client and
 * server, the medians over the rounds (of rates and of each latency percentile) and the ratios
 * between servers.
 */
final class LoadResults {
  private final Map<String, List<Measurement>> results = new LinkedHashMap<>();

  void add(Scenario sc, String client, String server, Measurement m) {
    results.computeIfAbsent(key(sc, client, server), k -> new ArrayList<>()).add(m);
  }

  /** The rounds of {@code client} against {@code server} in run order, or null if none ran. */
  List<Measurement> rounds(Scenario sc, String client, String server) {
    return results.get(key(sc, client, server));
  }

  private static String key(Scenario sc, String client, String server) {
    return sc.label() + "|" + client + "|" + server;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Each figure's median over the rounds, the errors' sum and the first note; null if none. */
  static Measurement medianOf(List<Measurement> ms) {
    if (ms == null || ms.isEmpty()) {
      return null;
    }
    double[] rate = ms.stream().mapToDouble(Measurement::rate).toArray();
    double[] mib = ms.stream().mapToDouble(Measurement::mibPerSec).toArray();
    double[] p50 = ms.stream().mapToDouble(Measurement::p50).toArray();
    double[] p99 = ms.stream().mapToDouble(Measurement::p99).toArray();
    double[] p999 = ms.stream().mapToDouble(Measurement::p999).toArray();
    long errors = ms.stream().mapToLong(Measurement::errors).sum();
    String note = ms.stream().map(Measurement::note).filter(n -> n != null).findFirst().orElse(null);
    return new Measurement(
        median(rate),
        median(mib),
        (long) median(p50),
        (long) median(p99),
        (long) median(p999),
        errors,
        note);
  }

  /** {@code a}'s rate over {@code b}'s to two decimals, or "-" when {@code b} has none. */
  static String ratio(Measurement a, Measurement b) {
    return b.rate() > 0 ? String.format(Locale.ROOT, "%.2f", a.rate() / b.rate()) : "-";
  }
}
