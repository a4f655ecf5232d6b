package io.triple.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.triple.ClientInterceptor;
import io.triple.bench.proto.BenchServiceTriple;
import io.triple.micrometer.TripleMetrics;
import io.triple.opentelemetry.TripleTracing;
import io.triple.server.TripleServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What metrics and tracing cost: our client and server with both off, then with both on, in one
 * run ({@code bench/observability.sh}). "On" is what a production user runs: {@link TripleMetrics}
 * on both sides into a Prometheus registry (histograms on, as {@code dubbo.metrics} configures
 * them), {@link TripleTracing} on both sides with the OpenTelemetry SDK (every call sampled, W3C
 * propagation, a batch processor handing spans to an exporter that counts and drops them, so no
 * I/O is measured). Each mode gets a fresh server JVM and a fresh client JVM; modes alternate
 * round by round so drift on a shared machine falls on both; medians are reported.
 *
 * <p>Sampling: "tracing" and "on" sample every call, the worst case; "tracing10" and "on10" sample
 * one trace in ten with a parent-based trace-id-ratio sampler, what Apache Dubbo's tracing ({@code
 * dubbo.tracing.sampling.probability}, default 0.1) and Spring Boot ({@code
 * management.tracing.sampling.probability}, default 0.1) set up: the client decides for its root
 * span, the server follows the {@code traceparent}'s sampled flag.
 *
 * <p>Options: {@code --rounds 3}, {@code --warmup-ms 4000}, {@code --measure-ms 6000}, {@code
 * --inflight 16}, {@code --modes off,on10,on} (any of {@link #MODES}), {@code --scenarios
 * empty,1k,empty1} (a subset, in this order), {@code --jfr DIR} (a JFR profile of each JVM: {@code
 * DIR/obs-server-MODE-rN.jfr}, {@code obs-client-...}), {@code --jvm-flags "..."}, {@code --rate N}
 * (open loop at N calls/s, at most {@code --inflight} outstanding, instead of the closed loop),
 * {@code --slices N} with {@code --pairs}, {@code --slice-ms}, {@code --slice-warmup-ms} (every
 * mode's JVM pairs up at once and measured in turns: {@link InterleavedRun}).
 *
 * <p>Besides calls/s, each row reports the CPU time the client JVM and the server JVM spent per
 * call completed in the measured window ({@link CpuWindow}), and the total's ratio to "off": on a
 * machine whose speed drifts during a run, CPU per call moves much less than calls/s does, and at a
 * fixed rate below saturation every mode does the same work per second.
 */
public final class ObservabilityBench {
  private static final int SERVER_THREADS = 4;
  private static final int CLIENT_THREADS = 4;
  /** Every mode: nothing, metrics alone, tracing alone (all sampled, one in ten), both. */
  static final List<String> MODES = List.of("off", "metrics", "tracing", "tracing10", "on", "on10", "header", "noop", "grpc-off", "grpc-on10");
  /** Every scenario by its option name, in the order the client measures them. */
  static final List<String> SCENARIOS = List.of("empty", "1k", "empty1");

  private ObservabilityBench() {}

  public static void main(String[] a) throws Exception {
    Map<String, String> o =
        new LinkedHashMap<>(
            Map.of(
                "rounds", "3",
                "warmup-ms", "4000",
                "measure-ms", "6000",
                "inflight", "16",
                "rate", "0",
                "modes", "off,on10,on",
                "scenarios", String.join(",", SCENARIOS),
                "jfr", "",
                "jvm-flags", "-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch"));
    o.put("slices", "0"); // Map.of takes ten
    o.put("slice-ms", "2000");
    o.put("slice-warmup-ms", "500");
    o.put("pairs", "1");
    boolean flagsGiven = false;
    for (int i = 0; i < a.length; i++) {
      flagsGiven |= a[i].equals("--jvm-flags");
      if (!a[i].startsWith("--") || i + 1 >= a.length || !o.containsKey(a[i].substring(2))) {
        throw new IllegalArgumentException("usage: ObservabilityBench [--option value]...; options: " + o.keySet());
      }
      o.put(a[i].substring(2), a[++i]);
    }
    int rounds = Integer.parseInt(o.get("rounds"));
    int inflight = Integer.parseInt(o.get("inflight"));
    int rate = Integer.parseInt(o.get("rate"));
    List<String> modes = List.of(o.get("modes").split(","));
    for (String m : modes) {
      if (!MODES.contains(m)) {
        throw new IllegalArgumentException("--modes takes " + String.join(", ", MODES) + ": " + m);
      }
    }
    List<String> chosen = List.of(o.get("scenarios").split(","));
    for (String sc : chosen) {
      if (!SCENARIOS.contains(sc)) {
        throw new IllegalArgumentException("--scenarios takes " + String.join(", ", SCENARIOS) + ": " + sc);
      }
    }
    Path jfr = o.get("jfr").isBlank() ? null : Paths.get(o.get("jfr"));
    String load = rate > 0 ? String.format(Locale.ROOT, "%,d/s, at most ", rate) : "";
    List<Scenario> scenarios = new ArrayList<>();
    for (String sc : SCENARIOS) {
      if (!chosen.contains(sc)) {
        continue;
      }
      scenarios.add(switch (sc) {
        case "empty" -> new Scenario("unary empty, " + load + inflight + " in flight", Scenario.Kind.UNARY, 0, inflight, 0, false);
        case "1k" -> new Scenario("unary 1 KiB, " + load + inflight + " in flight", Scenario.Kind.UNARY, 1024, inflight, 0, false);
        default -> new Scenario("unary empty, " + load + "1 in flight", Scenario.Kind.UNARY, 0, 1, 0, false);
      });
    }
    List<String> scenarioNames = SCENARIOS.stream().filter(chosen::contains).toList();
    String scenarioArg = String.join(",", scenarioNames);
    int slices = Integer.parseInt(o.get("slices"));
    if (slices > 0) {
      int jvms = 2 * modes.size() * Integer.parseInt(o.get("pairs"));
      if (!flagsGiven) {
        // All of them live at once: 1 GiB heaps each (the rounds mode's) would not fit beside each other.
        o.put("jvm-flags", "-Xms512m -Xmx512m -XX:+UseG1GC -XX:+AlwaysPreTouch");
      }
      System.out.printf("%d JVMs at once, each: %s%n", jvms, o.get("jvm-flags"));
      System.out.printf(
          "load average at start: %s (%d CPUs); %s JVM pairs per mode, %d slices of %s ms after %s ms each, warmup %s"
              + " ms per scenario, %s%n",
          Machine.loadAverage(), Runtime.getRuntime().availableProcessors(), o.get("pairs"), slices, o.get("slice-ms"),
          o.get("slice-warmup-ms"), o.get("warmup-ms"), rate > 0 ? "open loop at " + rate + " calls/s" : "closed loop");
      InterleavedRun.run(modes, Integer.parseInt(o.get("pairs")), scenarios, scenarioNames, o.get("jvm-flags"), jfr,
          Long.parseLong(o.get("warmup-ms")), Long.parseLong(o.get("slice-warmup-ms")),
          Long.parseLong(o.get("slice-ms")), slices, inflight, rate);
      return;
    }
    System.out.printf(
        "load average at start: %s (%d CPUs); %d rounds, warmup %s ms, measure %s ms per row, %s%n",
        Machine.loadAverage(), Runtime.getRuntime().availableProcessors(), rounds,
        o.get("warmup-ms"), o.get("measure-ms"), rate > 0 ? "open loop at " + rate + " calls/s" : "closed loop");
    double measureSecs = Long.parseLong(o.get("measure-ms")) / 1000.0;
    Map<String, List<Measurement>> results = new LinkedHashMap<>();
    // per scenario and mode, one {client, server} CPU microseconds per call for each round
    Map<String, List<double[]>> cpu = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      // the modes in order in even rounds, reversed in odd ones
      List<String> order = new ArrayList<>(modes);
      if (r % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (String mode : order) {
        String suffix = mode + "-r" + (r + 1);
        Process server =
            ChildJvm.start(jvmFlags(o.get("jvm-flags"), jfr, "obs-server-" + suffix), null, "obs-server-" + suffix,
                Server.class, mode);
        try {
          int port = ChildJvm.awaitPort(server, "server (" + mode + ")");
          Process client =
              ChildJvm.start(jvmFlags(o.get("jvm-flags"), jfr, "obs-client-" + suffix), null, "obs-client-" + suffix,
                  Client.class, mode,
                  Integer.toString(port), o.get("warmup-ms"), o.get("measure-ms"), Integer.toString(inflight),
                  scenarioArg, Integer.toString(rate), Long.toString(server.pid()));
          try (BufferedReader out =
              new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            for (Scenario sc : scenarios) {
              String line = out.readLine();
              // JFR's start-up notice (with --jfr) goes to standard output too
              while (line != null && !line.startsWith("result ")) {
                line = out.readLine();
              }
              if (line == null) {
                throw new IOException("client (" + mode + ") ended before measuring " + sc.label());
              }
              Measurement m = ClientWorker.decode(line);
              String[] ns = out.readLine().split(" ");
              double calls = m.rate() * measureSecs;
              double[] us = {Long.parseLong(ns[1]) / 1e3 / calls, Long.parseLong(ns[2]) / 1e3 / calls,
                  (Long.parseLong(ns[3]) + Long.parseLong(ns[4])) / 1e3 / calls};
              results.computeIfAbsent(sc.label() + "|" + mode, k -> new ArrayList<>()).add(m);
              cpu.computeIfAbsent(sc.label() + "|" + mode, k -> new ArrayList<>()).add(us);
              System.out.printf(Locale.ROOT,
                  "round %d %-9s %-28s %,10.0f calls/s  p50 %6.1f us  p99 %7.1f us  CPU/call client %5.1f us"
                      + " server %5.1f us total %5.1f us (JIT %4.1f us)%s%n",
                  r + 1, mode, sc.label(), m.rate(), m.p50() / 1e3, m.p99() / 1e3, us[0], us[1], us[0] + us[1], us[2],
                  m.errors() > 0 ? "  ERRORS " + m.errors() + ": " + m.note() : "");
            }
          } finally {
            ChildJvm.stop(client);
          }
        } finally {
          ChildJvm.stop(server);
        }
      }
    }
    System.out.println();
    System.out.printf("load average at end: %s%n", Machine.loadAverage());
    StringBuilder head = new StringBuilder("| scenario |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String m : modes) {
      head.append(' ').append(m).append(": calls/s |");
      rule.append("---:|");
      if (!m.equals("off")) {
        head.append(' ').append(m).append("/off |");
        rule.append("---:|");
      }
      head.append(' ').append(m).append(": p99 |");
      rule.append("---:|");
    }
    System.out.println(head);
    System.out.println(rule);
    for (Scenario sc : scenarios) {
      StringBuilder row = new StringBuilder("| " + sc.label() + " |");
      Measurement off = modes.contains("off") ? median(results.get(sc.label() + "|off")) : null;
      for (String m : modes) {
        Measurement x = median(results.get(sc.label() + "|" + m));
        row.append(String.format(Locale.ROOT, " %,.0f |", x.rate()));
        if (!m.equals("off")) {
          row.append(off == null ? " - |" : String.format(Locale.ROOT, " %.3f |", x.rate() / off.rate()));
        }
        row.append(String.format(Locale.ROOT, " %.0f us |", x.p99() / 1e3));
      }
      System.out.println(row);
    }
    System.out.println();
    System.out.println("CPU per call, client + server = total (median round by total), total/off:");
    StringBuilder cpuHead = new StringBuilder("| scenario |");
    StringBuilder cpuRule = new StringBuilder("|---|");
    for (String m : modes) {
      cpuHead.append(' ').append(m).append(": CPU us/call |");
      cpuRule.append("---:|");
      if (!m.equals("off")) {
        cpuHead.append(' ').append(m).append("/off |");
        cpuRule.append("---:|");
      }
    }
    System.out.println(cpuHead);
    System.out.println(cpuRule);
    for (Scenario sc : scenarios) {
      StringBuilder row = new StringBuilder("| " + sc.label() + " |");
      double[] off = modes.contains("off") ? medianCpu(cpu.get(sc.label() + "|off")) : null;
      for (String m : modes) {
        double[] x = medianCpu(cpu.get(sc.label() + "|" + m));
        row.append(String.format(Locale.ROOT, " %.1f + %.1f = %.1f |", x[0], x[1], x[0] + x[1]));
        if (!m.equals("off")) {
          row.append(off == null ? " - |"
              : String.format(Locale.ROOT, " %.3f |", (x[0] + x[1]) / (off[0] + off[1])));
        }
      }
      System.out.println(row);
    }
    if (!modes.contains("off") || rounds < 2) {
      return;
    }
    // The machine's speed drifts within a run (on a shared VM by a third or more between rounds):
    // a mode against "off" in the same round, when the two ran back to back, drifts far less.
    System.out.println();
    System.out.println("Paired by round (each mode against off in the same round): median [lowest, highest] of the"
        + " rounds' ratios");
    StringBuilder pairHead = new StringBuilder("| scenario |");
    StringBuilder pairRule = new StringBuilder("|---|");
    for (String m : modes) {
      if (!m.equals("off")) {
        pairHead.append(' ').append(m).append("/off calls/s | ").append(m).append("/off CPU per call |");
        pairRule.append("---:|---:|");
      }
    }
    System.out.println(pairHead);
    System.out.println(pairRule);
    for (Scenario sc : scenarios) {
      StringBuilder row = new StringBuilder("| " + sc.label() + " |");
      List<Measurement> offRate = results.get(sc.label() + "|off");
      List<double[]> offCpu = cpu.get(sc.label() + "|off");
      for (String m : modes) {
        if (m.equals("off")) {
          continue;
        }
        List<Measurement> rates = results.get(sc.label() + "|" + m);
        List<double[]> c = cpu.get(sc.label() + "|" + m);
        double[] rateRatios = new double[rounds];
        double[] cpuRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          rateRatios[r] = rates.get(r).rate() / offRate.get(r).rate();
          cpuRatios[r] = (c.get(r)[0] + c.get(r)[1]) / (offCpu.get(r)[0] + offCpu.get(r)[1]);
        }
        row.append(' ').append(spread(rateRatios)).append(" | ").append(spread(cpuRatios)).append(" |");
      }
      System.out.println(row);
    }
  }

  /** "median [lowest, highest]" of {@code ratios}. */
  private static String spread(double[] ratios) {
    double[] sorted = ratios.clone();
    java.util.Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median, sorted[0], sorted[sorted.length - 1]);
  }

  /** The round whose client + server CPU per call is the median of {@code rounds}. */
  private static double[] medianCpu(List<double[]> rounds) {
    List<double[]> sorted = new ArrayList<>(rounds);
    sorted.sort((x, y) -> Double.compare(x[0] + x[1], y[0] + y[1]));
    return sorted.get(sorted.size() / 2);
  }

  /**
   * {@code flags}, and with {@code jfr} a recording into {@code jfr/name.jfr} that samples CPU
   * every millisecond (the profile settings' 10 ms leave too few samples of a short run).
   */
  static String jvmFlags(String flags, Path jfr, String name) throws IOException {
    if (jfr == null) {
      return flags;
    }
    java.nio.file.Files.createDirectories(jfr);
    // DebugNonSafepoints: without it JFR attributes a sample to the nearest safepoint's frame,
    // and inlined hot code shows up under the wrong methods and lines.
    return flags + " -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
        + " -XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,filename="
        + jfr.resolve(name + ".jfr");
  }

  /** The run whose rate is the median of {@code ms} (its latencies with it). */
  private static Measurement median(List<Measurement> ms) {
    List<Measurement> sorted = new ArrayList<>(ms);
    sorted.sort((x, y) -> Double.compare(x.rate(), y.rate()));
    return sorted.get(sorted.size() / 2);
  }

  /**
   * Tracing as a production user sets it up, minus the network: see the class comment; {@code
   * ratio} is the share of new traces sampled (1: all).
   */
  static OpenTelemetry openTelemetry(AtomicLong exported, double ratio) {
    return openTelemetry(exported, ratio, true);
  }

  /**
   * As {@link #openTelemetry(AtomicLong, double)}, with {@code batch} false a simple processor
   * instead: each span is made into its export form and handed over as it ends, on the thread
   * that ends it, never dropped (for {@link InterceptorCost}, where a batch queue would overflow).
   */
  static OpenTelemetry openTelemetry(AtomicLong exported, double ratio, boolean batch) {
    return sdk(exported, ratio, batch).build();
  }

  /** The SDK setup of {@link #openTelemetry(AtomicLong, double, boolean)}, to add to before building. */
  static OpenTelemetrySdkBuilder sdk(AtomicLong exported, double ratio, boolean batch) {
    SpanExporter dropping =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(ratio >= 1 ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(batch ? BatchSpanProcessor.builder(dropping).build()
                    : SimpleSpanProcessor.create(dropping))
                .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
  }

  static boolean metricsOn(String mode) {
    return mode.equals("metrics") || mode.startsWith("on");
  }

  static boolean tracingOn(String mode) {
    return mode.startsWith("tracing") || mode.startsWith("on");
  }

  /** The share of new traces that {@code mode} samples. */
  static double sampled(String mode) {
    return mode.endsWith("10") ? 0.1 : 1.0;
  }

  /** {@code Server MODE}: our bench service on 127.0.0.1, ephemeral port, until stdin closes. */
  public static final class Server {
    private Server() {}

    public static void main(String[] args) throws Exception {
      boolean metricsOn = metricsOn(args[0]);
      boolean tracingOn = tracingOn(args[0]);
      ExecutorService pool =
          Executors.newFixedThreadPool(SERVER_THREADS, new DefaultThreadFactory("bench-server-app", true));
      if (GrpcJavaObservability.isGrpc(args[0])) {
        AtomicLong grpcSpans = new AtomicLong();
        GrpcJavaObservability.Started g = GrpcJavaObservability.server(args[0], pool, grpcSpans);
        ChildJvm.announceAndServe(g.port(), () -> {
          g.stop().run();
          pool.shutdownNow();
        });
        System.err.printf("server: %d spans exported%n", grpcSpans.get());
        System.exit(0);
      }
      TripleServer.Builder b =
          TripleServer.builder()
              .host("127.0.0.1")
              .port(0)
              .executor(pool)
              .ioThreads(1)
              .addService(BenchServiceTriple.bindService(new OursBenchService()));
      AtomicLong spans = new AtomicLong();
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // Interceptors run in the order given: tracing outermost, so the metrics see the span.
      if (tracingOn) {
        b.intercept(TripleTracing.create(openTelemetry(spans, sampled(args[0]))).serverInterceptor());
      }
      if (metricsOn) {
        b.intercept(TripleMetrics.of(meters).serverInterceptor());
      }
      if (args[0].equals("header")) {
        b.intercept(PropagationOnly.SERVER);
      }
      if (args[0].equals("noop")) {
        b.intercept(PropagationOnly.NOOP_SERVER);
      }
      TripleServer server = b.build().start();
      ChildJvm.announceAndServe(
          server.port(),
          () -> {
            server.shutdownNow();
            pool.shutdownNow();
          });
      if (metricsOn || tracingOn) {
        // Proof that it was on: the scrape is not empty, spans were exported.
        System.err.printf("server: %d spans exported, scrape %d bytes%n", spans.get(), meters.scrape().length());
      }
      System.exit(0);
    }
  }

  /**
   * One measured row of the client: closed loop ({@code rate} 0) or paced, and the CPU this JVM and
   * the server process spent in the measured window; answers a {@code result ...} line and a
   * {@code cpu CLIENT_NS SERVER_NS CLIENT_JIT_NS SERVER_JIT_NS} line (the last two: the JIT
   * compiler threads' share of the first two).
   */
  record Measure(PrintStream answers, BenchClient c, long warmupMs, long measureMs, int rate,
      long serverPid) {
    /** Measures the scenario named {@code name} (of {@link #SCENARIOS}). */
    void scenario(String name, int inflight) throws InterruptedException {
      switch (name) {
        case "empty" -> unary(0, inflight);
        case "1k" -> unary(1024, inflight);
        default -> unary(0, 1);
      }
    }

    void unary(int bytes, int inflight) throws InterruptedException {
      // the window's edges are the load's own to within the microseconds between these two calls
      long start = System.nanoTime();
      CpuWindow cpu =
          CpuWindow.start(serverPid, start + TimeUnit.MILLISECONDS.toNanos(warmupMs),
              start + TimeUnit.MILLISECONDS.toNanos(warmupMs + measureMs));
      Measurement m = rate > 0
          ? PacedUnary.run(c, Payloads.ofSize(bytes), rate, inflight, start, warmupMs, measureMs)
          : new Workload(warmupMs, measureMs).unary(c, Payloads.ofSize(bytes), inflight);
      long[] ns = cpu.await();
      answers.println(ClientWorker.encode(m));
      answers.println("cpu " + ns[0] + " " + ns[1] + " " + ns[2] + " " + ns[3]);
    }
  }

  /**
   * {@code Client MODE PORT WARMUP_MS MEASURE_MS INFLIGHT SCENARIOS RATE SERVER_PID}: warms up,
   * then measures the scenarios named (of {@link #SCENARIOS}, in that order), closed loop or (RATE
   * above 0) at RATE calls per second, a {@code result ...} and a {@code cpu ...} line each.
   */
  public static final class Client {
    private Client() {}

    public static void main(String[] args) throws Exception {
      boolean metricsOn = metricsOn(args[0]);
      boolean tracingOn = tracingOn(args[0]);
      int port = Integer.parseInt(args[1]);
      long warmup = Long.parseLong(args[2]);
      long measure = Long.parseLong(args[3]);
      int inflight = Integer.parseInt(args[4]);
      List<String> scenarios = List.of(args[5].split(","));
      int rate = Integer.parseInt(args[6]);
      long serverPid = Long.parseLong(args[7]);
      PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      System.setOut(System.err);
      AtomicLong spans = new AtomicLong();
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      List<ClientInterceptor> interceptors = new ArrayList<>();
      if (tracingOn) {
        interceptors.add(TripleTracing.create(openTelemetry(spans, sampled(args[0]))).clientInterceptor());
      }
      if (metricsOn) {
        interceptors.add(TripleMetrics.of(meters).clientInterceptor());
      }
      if (args[0].equals("header")) {
        interceptors.add(PropagationOnly.CLIENT);
      }
      if (args[0].equals("noop")) {
        interceptors.add(PropagationOnly.NOOP_CLIENT);
      }
      BenchClient c = GrpcJavaObservability.isGrpc(args[0])
          ? GrpcJavaObservability.client(args[0], port, CLIENT_THREADS, spans)
          : Clients.ours(port, CLIENT_THREADS, interceptors);
      try {
        if (args.length > 8) {
          // --slices: warm up and measure when the parent says (InterleavedRun)
          InterleavedRun.serve(c, scenarios, warmup, inflight,
              new Measure(answers, c, Long.parseLong(args[8]), Long.parseLong(args[9]), rate, serverPid));
        } else {
          measureRows(answers, c, scenarios, warmup, measure, inflight, rate, serverPid);
        }
      } finally {
        c.close();
      }
      if (metricsOn || tracingOn) {
        System.err.printf("client: %d spans exported, scrape %d bytes%n", spans.get(), meters.scrape().length());
      }
      System.exit(0);
    }

    /** Warms up, then measures each scenario named once, in order. */
    private static void measureRows(PrintStream answers, BenchClient c, List<String> scenarios, long warmup,
        long measure, int inflight, int rate, long serverPid) throws InterruptedException {
      // One unmeasured pass of each row first (not of 1 KiB alone), so every row's code paths
      // have been run before any row is measured: JFR recordings of the tracing modes on a
      // loaded machine showed C2 still compiling during the first row's measurement. Then on
      // until the JIT compilers of both JVMs have settled, as the interleaved run does.
      warmUp(c, scenarios, warmup, inflight);
      String[] settled = InterleavedRun.untilCompiled(c, scenarios, inflight, serverPid).split(" ");
      System.err.printf(java.util.Locale.ROOT, "warmed %s ms more until the JIT compilers settled%n", settled[0]);
      Measure row = new Measure(answers, c, warmup, measure, rate, serverPid);
      for (String sc : scenarios) {
        row.scenario(sc, inflight);
      }
    }

    /** One unmeasured pass of each scenario named, {@code warmup} ms each. */
    static void warmUp(BenchClient c, List<String> scenarios, long warmup, int inflight) throws InterruptedException {
      Workload pass = new Workload(0, warmup);
      if (scenarios.contains("empty")) {
        pass.unary(c, Payloads.ofSize(0), inflight);
      }
      if (scenarios.contains("1k")) {
        pass.unary(c, Payloads.ofSize(1024), inflight);
      }
      if (scenarios.contains("empty1")) {
        pass.unary(c, Payloads.ofSize(0), 1);
      }
    }
  }

  /**
   * Mode "header": what propagation alone costs, without OpenTelemetry: the client adds a
   * {@code traceparent} with fresh random ids to every call (as the SDK's W3C propagator does,
   * sampled or not) and the server reads it. The difference to "off" is the header's own work:
   * building it, HPACK on both sides (a new value each call), and the metadata on the server.
   */
  static final class PropagationOnly {
    private PropagationOnly() {}

    static final ClientInterceptor CLIENT = new ClientInterceptor() {
      @Override
      public <ReqT, RespT> io.triple.ClientCall<ReqT, RespT> interceptCall(
          io.triple.MethodDescriptor<ReqT, RespT> method, io.triple.CallOptions options, io.triple.Channel next) {
        return new io.triple.ForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<RespT> listener, io.triple.Metadata headers) {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            headers.add("traceparent", "00-" + io.opentelemetry.api.trace.TraceId.fromLongs(r.nextLong(), r.nextLong())
                + "-" + io.opentelemetry.api.trace.SpanId.fromLong(r.nextLong()) + "-00");
            super.start(listener, headers);
          }
        };
      }
    };

    /** Mode "noop": one interceptor each side that only forwards (what the chain itself costs). */
    static final ClientInterceptor NOOP_CLIENT = new ClientInterceptor() {
      @Override
      public <ReqT, RespT> io.triple.ClientCall<ReqT, RespT> interceptCall(
          io.triple.MethodDescriptor<ReqT, RespT> method, io.triple.CallOptions options, io.triple.Channel next) {
        return new io.triple.ForwardingClientCall<>(next.newCall(method, options));
      }
    };

    static final io.triple.ServerInterceptor NOOP_SERVER = new io.triple.ServerInterceptor() {
      @Override
      public <ReqT, RespT> io.triple.ServerCall.Listener<ReqT> interceptCall(io.triple.ServerCall<ReqT, RespT> call,
          io.triple.Metadata headers, io.triple.ServerCallHandler<ReqT, RespT> next) {
        return next.startCall(call, headers);
      }
    };

    static final io.triple.ServerInterceptor SERVER = new io.triple.ServerInterceptor() {
      @Override
      public <ReqT, RespT> io.triple.ServerCall.Listener<ReqT> interceptCall(io.triple.ServerCall<ReqT, RespT> call,
          io.triple.Metadata headers, io.triple.ServerCallHandler<ReqT, RespT> next) {
        if (headers.get("traceparent") == null) {
          throw new IllegalStateException("no traceparent");
        }
        return next.startCall(call, headers);
      }
    };
  }
}
