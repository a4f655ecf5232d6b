package io.triple.bench;

import io.triple.bench.SoakReport.Span;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The soak (bench/soak.sh): for N minutes, our client and grpc-java's each keep a bounded number
 * of calls of all four kinds in flight against our server in a provider JVM on 127.0.0.1, and
 * every message is checked (see {@link SeqCheck}). At half time the provider is killed (SIGKILL)
 * and restarted on the same port; the clients must reconnect by themselves. Each process's heap
 * after GC, direct memory, threads and open fds are taken after warm-up and at the end. Prints
 * Markdown tables and exits 1 if a message was lost, duplicated, reordered, corrupted or
 * misrouted, a call never ended or failed outside the kill's window, a client did not recover, or
 * a resource grew beyond {@link SoakReport}'s margins.
 *
 * <p>Options: {@code --minutes N} (decimals allowed; default 3), {@code --inflight N} calls per
 * client (default 8), {@code --rate N} calls a second per client (default 500; 0: no limit),
 * {@code --provider-jvm-flags "..."}, {@code --command TEXT}, {@code --commit
 * TEXT} (for the report's header).
 */
public final class Soak {
  /** How long the soak waits for calls in flight to end before taking resource figures. */
  private static final long DRAIN_MS = 30_000;

  double minutes = 3;
  int inflight = 8;
  /**
   * Calls a second per client. Flat out, the two clients and the provider take both cores of the
   * 2-core machine the soak was written on; at this rate about half, which leaves room for other
   * work and still makes hundreds of thousands of calls in a few minutes.
   */
  int rate = 500;
  String providerJvmFlags = "-Xms256m -Xmx256m -XX:+UseG1GC";
  String command = "bench/soak.sh";
  String commit = "unknown";

  private final long t0 = System.nanoTime();

  public static void main(String[] args) throws Exception {
    Soak soak = new Soak();
    soak.parse(args);
    System.exit(soak.run() ? 0 : 1);
  }

  void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--inflight" -> inflight = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--provider-jvm-flags" -> providerJvmFlags = args[++i];
        case "--command" -> command = args[++i];
        case "--commit" -> commit = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (minutes < 0.5) {
      // Two warm-ups of at least 10 s, the 3 s before the kill and the restart need the time.
      throw new IllegalArgumentException("a soak needs at least 0.5 minutes: " + minutes);
    }
  }

  /** Runs the soak; true if every check passed. */
  boolean run() throws Exception {
    long totalMs = (long) (minutes * 60_000);
    // Long enough for the JIT and the pools to settle before the start figures; at most a sixth
    // of the run so that most of it is measured.
    long warmupMs = Math.max(10_000, Math.min(30_000, totalMs / 6));
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String loadBefore = Machine.loadAverage();
    SoakProviderProcess provider = SoakProviderProcess.start(providerJvmFlags, 0);
    int port = provider.port();
    say("provider pid %d on 127.0.0.1:%d; per client %d calls in flight, %s; %.1f minutes, warm-up %d s",
        provider.pid(), port, inflight, rateText(), minutes, warmupMs / 1000);
    LoadGate gate = new LoadGate();
    List<SoakLoad> loads =
        List.of(new SoakLoad(SoakClients.ours(port), gate, inflight, rate),
            new SoakLoad(SoakClients.grpc(port), gate, inflight, rate));
    loads.forEach(SoakLoad::start);
    SoakReport report = new SoakReport();
    List<Span> spans = new ArrayList<>();
    long killMs;
    long downMs;
    try {
      sleepUntil(warmupMs);
      Snapshot start = snapshot(gate, loads, "after warm-up");
      String first = "provider #1 (pid " + provider.pid() + ")";

      sleepUntil(totalMs / 2 - 3_000);
      Snapshot beforeKill = snapshot(gate, loads, "before the kill");
      spans.add(new Span(first, "after warm-up", start.provider(), "before the kill", beforeKill.provider()));
      for (SoakLoad l : loads) {
        l.flatOut(true);
        l.tally().armKill(System.nanoTime());
      }
      Thread.sleep(3_000); // the kill must cut calls in flight, not a quiet gate

      say("killing the provider with %d calls in flight", gate.inFlight());
      long kill = provider.kill();
      long dead = System.nanoTime();
      killMs = (kill - t0) / 1_000_000;
      loads.forEach(l -> l.tally().markKill(kill, dead));
      loads.forEach(l -> l.flatOut(false));
      say("provider killed (SIGKILL), dead after %d ms", (dead - kill) / 1_000_000);
      provider = SoakProviderProcess.start(providerJvmFlags, port);
      downMs = (System.nanoTime() - kill) / 1_000_000;
      say("provider #2 pid %d listening on the same port %d ms after the kill", provider.pid(), downMs);
      String second = "provider #2 (pid " + provider.pid() + ")";

      sleepUntil(elapsedMs() + warmupMs);
      Snapshot restarted = snapshot(gate, loads, "provider #2 after warm-up");

      sleepUntil(totalMs);
      Snapshot end = snapshot(gate, loads, "end");
      spans.add(new Span(second, "after warm-up", restarted.provider(), "end", end.provider()));
      spans.add(new Span("soak JVM (both clients)", "after warm-up", start.client(), "end", end.client()));
      report.check(start.drained() && beforeKill.drained() && restarted.drained() && end.drained(),
          "calls in flight did not end within " + DRAIN_MS + " ms of closing the gate");
    } finally {
      gate.stop();
      for (SoakLoad l : loads) {
        l.join();
        l.client().close();
      }
      provider.stop();
    }

    report.calls(loads);
    report.resources(spans);
    System.out.println();
    System.out.printf(Locale.ROOT,
        "Soak: `%s` at %s, %s, %d cores (%s), JDK %s, commit %s; load average before %s, after %s.%n",
        command, started, minutes + " minutes", Runtime.getRuntime().availableProcessors(),
        Machine.cpuModel(), System.getProperty("java.version"), commit, loadBefore,
        Machine.loadAverage());
    System.out.printf(Locale.ROOT,
        "Provider killed at %.1f s, listening again %d ms later; per client %d calls in flight, %s.%n%n",
        killMs / 1000.0, downMs, inflight, rateText());
    System.out.println(report.markdown());
    if (report.failures().isEmpty()) {
      System.out.println("PASS: every check held.");
      return true;
    }
    report.failures().forEach(f -> System.out.println("FAIL: " + f));
    return false;
  }

  /** Resource figures of the soak JVM and the provider, with no call in flight. */
  record Snapshot(ResourceStats client, ResourceStats provider, boolean drained) {}

  private Snapshot snapshot(LoadGate gate, List<SoakLoad> loads, String when) throws Exception {
    boolean drained = gate.drain(DRAIN_MS);
    try {
      ResourceStats client = ResourceStats.afterGc();
      ResourceStats provider = ResourceStats.of(loads.get(0).client().providerStats());
      say("figures %s: provider %s; soak JVM %s", when, provider, client);
      return new Snapshot(client, provider, drained);
    } finally {
      gate.reopen();
    }
  }

  private String rateText() {
    return rate > 0 ? "at most " + rate + " calls/s" : "no rate limit";
  }

  private long elapsedMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void sleepUntil(long elapsedMs) throws InterruptedException {
    long left = elapsedMs - elapsedMs();
    if (left > 0) {
      TimeUnit.MILLISECONDS.sleep(left);
    }
  }

  private void say(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", elapsedMs() / 1000.0, String.format(Locale.ROOT, format, args));
  }
}
