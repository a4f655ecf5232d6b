package io.triple.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/observability.sh --slices N}: every mode's server and client JVMs up at once, warmed
 * up one after the other, then measured in short slices taking turns (the order reversed every
 * other slice), each slice after a short re-warm. Why: this VM's speed drifts by a third or more
 * over minutes, so rows measured minutes apart (one JVM pair per mode and round) compare the
 * machine as much as the modes; slices a few seconds apart see the same machine. Reports each
 * mode's calls/s and CPU per call over all its slices, and each mode against "off" slice by slice
 * (median and quartiles of the ratios).
 */
final class InterleavedRun {
  private InterleavedRun() {}

  /** One JVM pair of a mode: the {@code n}th of that mode. */
  private record Pair(String mode, int n, Process server, Process client, Writer commands, BufferedReader answers) {
    String name() {
      return mode + "-" + n;
    }
  }

  /** One slice of one mode: calls/s and the CPU µs per call of client and server. */
  /** One turn of one pair: calls/s, CPU µs per call of each JVM, and of those the JIT compilers' µs per call. */
  private record Slice(double rate, double clientUs, double serverUs, double jitUs) {
    double cpuUs() {
      return clientUs + serverUs;
    }
  }

  static void run(List<String> modes, int pairsPerMode, List<Scenario> scenarios, List<String> scenarioNames,
      String jvmFlags, Path jfr, long warmupMs, long sliceWarmupMs, long sliceMs, int slices, int inflight, int rate)
      throws Exception {
    List<Pair> pairs = new ArrayList<>();
    try {
      for (int n = 1; n <= pairsPerMode; n++) {
        for (String mode : modes) {
          String name = mode + "-" + n;
          Process server = ChildJvm.start(ObservabilityBench.jvmFlags(jvmFlags, jfr, "obs-server-" + name), null,
              "obs-server-" + name, ObservabilityBench.Server.class, mode);
          pairs.add(new Pair(mode, n, server, null, null, null));
          int port = ChildJvm.awaitPort(server, "server (" + name + ")");
          Process client = ChildJvm.start(ObservabilityBench.jvmFlags(jvmFlags, jfr, "obs-client-" + name), null,
              "obs-client-" + name, ObservabilityBench.Client.class, mode, Integer.toString(port),
              Long.toString(warmupMs), Long.toString(sliceMs), Integer.toString(inflight),
              String.join(",", scenarioNames), Integer.toString(rate), Long.toString(server.pid()),
              Long.toString(sliceWarmupMs), Long.toString(sliceMs));
          pairs.set(pairs.size() - 1, new Pair(mode, n, server, client,
              new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8),
              new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))));
        }
      }
      // Warm up one at a time: JVMs warming together would share the two cores with each other.
      for (Pair p : pairs) {
        command(p, "warm");
        String[] ready = await(p, "ready").split(" ");
        System.out.printf(Locale.ROOT, "warm %-11s %d ms more until its JIT compilers settled (%.1f%% of a core in the last"
            + " second)%n", p.name(), Math.round(Double.parseDouble(ready[1])), 100 * Double.parseDouble(ready[2]));
      }
      // per scenario and pair, its slices in order
      Map<String, List<Slice>> results = new LinkedHashMap<>();
      double secs = sliceMs / 1000.0;
      for (int s = 0; s < slices; s++) {
        List<Pair> order = new ArrayList<>(pairs);
        if (s % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Scenario sc : scenarios) {
          String name = scenarioNames.get(scenarios.indexOf(sc));
          for (Pair p : order) {
            command(p, "measure " + name);
            Measurement m = ClientWorker.decode(await(p, "result "));
            String[] ns = await(p, "cpu ").split(" ");
            double calls = m.rate() * secs;
            Slice slice = new Slice(m.rate(), Long.parseLong(ns[1]) / 1e3 / calls, Long.parseLong(ns[2]) / 1e3 / calls,
                (Long.parseLong(ns[3]) + Long.parseLong(ns[4])) / 1e3 / calls);
            results.computeIfAbsent(sc.label() + "|" + p.name(), k -> new ArrayList<>()).add(slice);
            System.out.printf(Locale.ROOT,
                "slice %2d %-11s %-28s %,10.0f calls/s  p99 %7.1f us  CPU/call client %5.1f us server %5.1f us"
                    + " total %5.1f us (JIT %4.1f us)%s%n",
                s + 1, p.name(), sc.label(), m.rate(), m.p99() / 1e3, slice.clientUs(), slice.serverUs(),
                slice.cpuUs(), slice.jitUs(), m.errors() > 0 ? "  ERRORS " + m.errors() + ": " + m.note() : "");
          }
        }
      }
      report(modes, pairsPerMode, scenarios, results, slices);
    } finally {
      for (Pair p : pairs) {
        if (p.client() != null) {
          ChildJvm.stop(p.client());
        }
        ChildJvm.stop(p.server());
      }
    }
  }

  private static void report(List<String> modes, int pairsPerMode, List<Scenario> scenarios,
      Map<String, List<Slice>> results, int slices) {
    System.out.println();
    System.out.printf("load average at end: %s%n", Machine.loadAverage());
    System.out.println("Each mode over all its pairs' slices (calls/s: mean; CPU: mean µs per call, client +"
        + " server); each pair's own mean calls/s (JVM pairs of one mode differ: JIT, layout, cores); and slice"
        + " by slice against \"off\" measured beside it (the mode's pairs' mean over off's): median [quartiles]"
        + " of the " + slices + " ratios");
    System.out.println("JIT: of the CPU per call, the JIT compiler threads' (both JVMs): above 0.1 us, a JVM was still"
        + " compiling while measured (a longer --warmup-ms helps)");
    System.out.println("| scenario | mode | calls/s | /off | CPU us/call | /off | JIT us/call | pairs' calls/s"
        + " | paired calls/s /off | paired CPU /off |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---|---:|---:|");
    for (Scenario sc : scenarios) {
      double[][] off = modes.contains("off") ? perSlice(results, sc, "off", pairsPerMode, slices) : null;
      for (String mode : modes) {
        double[][] x = perSlice(results, sc, mode, pairsPerMode, slices);
        StringBuilder pairRates = new StringBuilder();
        for (int n = 1; n <= pairsPerMode; n++) {
          List<Slice> own = results.get(sc.label() + "|" + mode + "-" + n);
          pairRates.append(n > 1 ? " / " : "")
              .append(String.format(Locale.ROOT, "%,.0f", own.stream().mapToDouble(Slice::rate).average().orElse(0)));
        }
        double rate = mean(x[0]);
        double cpu = mean(x[1]);
        String vsOff = " - |";
        String cpuVsOff = " - |";
        String paired = " - | - |";
        if (off != null && !mode.equals("off")) {
          vsOff = String.format(Locale.ROOT, " %.3f |", rate / mean(off[0]));
          cpuVsOff = String.format(Locale.ROOT, " %.3f |", cpu / mean(off[1]));
          double[] rates = new double[slices];
          double[] cpus = new double[slices];
          for (int s = 0; s < slices; s++) {
            rates[s] = x[0][s] / off[0][s];
            cpus[s] = x[1][s] / off[1][s];
          }
          paired = " " + quartiles(rates) + " | " + quartiles(cpus) + " |";
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f |%s %.1f |%s %.2f | %s |%s%n", sc.label(), mode, rate, vsOff,
            cpu, cpuVsOff, mean(x[2]), pairRates, paired);
      }
    }
  }

  /** For each slice, the mean calls/s ([0]), CPU µs per call ([1]) and JIT µs per call ([2]) of {@code mode}'s pairs. */
  private static double[][] perSlice(Map<String, List<Slice>> results, Scenario sc, String mode, int pairs,
      int slices) {
    double[][] out = new double[3][slices];
    for (int n = 1; n <= pairs; n++) {
      List<Slice> own = results.get(sc.label() + "|" + mode + "-" + n);
      for (int s = 0; s < slices; s++) {
        out[0][s] += own.get(s).rate() / pairs;
        out[1][s] += own.get(s).cpuUs() / pairs;
        out[2][s] += own.get(s).jitUs() / pairs;
      }
    }
    return out;
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  /** "median [first quartile, third quartile]" of {@code values}. */
  static String quartiles(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75));
  }

  /** The {@code q} quantile of sorted {@code v}, interpolated between neighbours. */
  private static double quantile(double[] v, double q) {
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  private static void command(Pair p, String line) throws IOException {
    p.commands().write(line + "\n");
    p.commands().flush();
  }

  /** The next line of {@code p}'s client that starts with {@code prefix} (JFR's notices skipped). */
  private static String await(Pair p, String prefix) throws IOException {
    String line;
    while ((line = p.answers().readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("client (" + p.mode() + ") ended while the run waited for '" + prefix.trim() + "'");
  }

  /** Longest the warmup goes on waiting for the JIT compilers to settle. */
  private static final long SETTLE_MAX_MS = 60_000;
  /** A pass of this long, with the compilers of both JVMs under {@link #SETTLED_SHARE} of a core, ends it. */
  private static final long SETTLE_PASS_MS = 1_000;
  private static final double SETTLED_SHARE = 0.01;

  /**
   * Warms on, pass after pass, until the JIT compiler threads of this JVM and of the server spent
   * under 1% of a core in one pass (or a minute went by): the tracing modes run more code, and an
   * 8 s warmup left their compilers busy through the first turns (up to 20 µs of compiler CPU per
   * call), which measured the JIT, not the mode. Answers the extra warmup and the compilers'
   * share of a core in the last pass.
   */
  static String untilCompiled(BenchClient c, List<String> scenarios, int inflight, long serverPid)
      throws InterruptedException {
    long me = ProcessHandle.current().pid();
    long start = System.nanoTime();
    double share;
    do {
      long jit = CpuWindow.jitNanos(me) + CpuWindow.jitNanos(serverPid);
      long t0 = System.nanoTime();
      ObservabilityBench.Client.warmUp(c, scenarios, SETTLE_PASS_MS / scenarios.size(), inflight);
      share = (double) (CpuWindow.jitNanos(me) + CpuWindow.jitNanos(serverPid) - jit) / (System.nanoTime() - t0);
    } while (share >= SETTLED_SHARE && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MS));
    return String.format(Locale.ROOT, "%.0f %.3f", (System.nanoTime() - start) / 1e6, share);
  }

  /**
   * The client's side: {@code warm} (one pass of each scenario, answered {@code ready}) and {@code
   * measure NAME} (one slice of that scenario, answered as a row is), until standard input closes.
   */
  static void serve(BenchClient c, List<String> scenarios, long warmupMs, int inflight,
      ObservabilityBench.Measure slice) throws IOException, InterruptedException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream answers = slice.answers();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("warm")) {
        ObservabilityBench.Client.warmUp(c, scenarios, warmupMs, inflight);
        answers.println("ready " + untilCompiled(c, scenarios, inflight, slice.serverPid()));
      } else if (line.startsWith("measure ")) {
        slice.scenario(line.substring("measure ".length()), inflight);
      } else {
        throw new IllegalArgumentException("unknown command: " + line);
      }
    }
  }
}
