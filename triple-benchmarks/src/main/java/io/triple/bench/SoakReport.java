package io.triple.bench;

import io.triple.bench.SoakCall.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The soak's verdict and its Markdown tables: calls and messages per client, resources at start and
 * end per process, and every check that failed (any one makes the soak exit non-zero).
 */
final class SoakReport {
  // How much a process's resources may grow from its start figures (after warm-up) to its end
  // figures before the soak fails. Large enough for what a warm JVM still settles (grpc-java's
  // cached executor gains or loses a thread, an allocator takes a chunk), small enough that a leak
  // per call, over hundreds of thousands of calls, shows. Open fds do not come and go with the
  // load (the same count in every run so far), hence the tighter margin: a reconnect that leaks
  // its old socket and more shows too.
  static final int THREAD_MARGIN = 10;
  static final int FD_MARGIN = 2;
  static final long HEAP_MARGIN = 32L << 20;
  static final long DIRECT_MARGIN = 32L << 20;
  /**
   * How soon after the kill each client must complete a call again. The provider listens again
   * within a second or two; both clients retry connecting after about 1 s, then back off (x1.6),
   * so this leaves room for a few missed attempts but not for a client that stopped trying.
   */
  static final long RECOVERY_MARGIN_MS = 15_000;

  /** One process's figures at the start and end of the span it was measured over. */
  record Span(String process, String from, ResourceStats start, String to, ResourceStats end) {}

  private final List<String> failures = new ArrayList<>();
  private final StringBuilder md = new StringBuilder();

  List<String> failures() {
    return failures;
  }

  String markdown() {
    return md.toString();
  }

  void calls(List<SoakLoad> loads) {
    md.append("| | ");
    md.append(loads.stream().map(l -> clientName(l.client().kind())).collect(Collectors.joining(" | ")));
    md.append(" |\n|---|").append("---|".repeat(loads.size())).append('\n');
    row(loads, "calls OK: unary / client stream / server stream / bidi",
        t -> t.ok(Kind.UNARY) + " / " + t.ok(Kind.CLIENT_STREAM) + " / " + t.ok(Kind.SERVER_STREAM)
            + " / " + t.ok(Kind.BIDI) + " (" + t.okTotal() + ")");
    row(loads, "calls failed, by status", t -> failed(t.failedByCode()));
    row(loads, "calls in flight at the kill / of which ended OK (the last, after the kill)",
        t -> t.killWindow().inFlight() + " / " + t.killWindow().okAcross()
            + (t.killWindow().okAcross() > 0 ? " (" + t.killWindow().okAcrossLastMs() + " ms)" : ""));
    row(loads, "failed calls: cut by the kill / started during the outage / outside the kill's window",
        t -> t.killWindow().cut() + " / " + t.killWindow().failedInOutage() + " / "
            + t.killWindow().failedOutside());
    row(loads, "from the kill to the last failure / to the first OK call after it",
        t -> seconds(t.killWindow().lastFailureMs()) + " / "
            + (t.killWindow().recovered() ? seconds(t.killWindow().recoveredMs()) : "never"));
    row(loads, "request messages sent / response messages received", t -> t.sent() + " / " + t.received());
    row(loads, "requests lost / duplicated / reordered / corrupt / misrouted (checked by the provider)",
        t -> t.requests().cell());
    row(loads, "responses lost / duplicated / reordered / corrupt / misrouted (checked by the client)",
        t -> t.responses().cell());
    row(loads, "calls that never ended", t -> Long.toString(t.neverEnded()));
    for (SoakLoad l : loads) {
      String who = clientName(l.client().kind());
      SoakTally t = l.tally();
      check(t.requests().total() == 0 && t.responses().total() == 0,
          who + ": lost, duplicated, reordered, corrupt or misrouted messages (requests "
              + t.requests().cell() + ", responses " + t.responses().cell() + ")");
      check(t.neverEnded() == 0, who + ": " + t.neverEnded() + " calls never ended");
      check(t.killWindow().recovered(), who + ": no call succeeded after the provider's restart");
      check(t.killWindow().recoveredMs() <= RECOVERY_MARGIN_MS, who + ": first OK call "
          + t.killWindow().recoveredMs() + " ms after the kill (margin " + RECOVERY_MARGIN_MS + " ms)");
      check(t.killWindow().failedOutside() == 0,
          who + ": " + t.killWindow().failedOutside() + " calls failed outside the kill's window");
      check(t.okTotal() > 0, who + ": no call succeeded");
    }
  }

  void resources(List<Span> spans) {
    md.append("\n| process | when | heap used after GC | direct memory (JDK) | direct memory (Netty) | threads | open fds |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Span s : spans) {
      resourceRow(s.process(), s.from(), s.start());
      resourceRow(s.process(), s.to(), s.end());
      ResourceStats a = s.start();
      ResourceStats b = s.end();
      md.append(String.format(Locale.ROOT, "| %s | change | %s | %s | %s | %+d | %+d |%n", s.process(),
          signedMib(b.heapUsed() - a.heapUsed()), signedMib(b.directUsed() - a.directUsed()),
          signedMib(b.nettyDirectUsed() - a.nettyDirectUsed()), b.threads() - a.threads(),
          b.fds() - a.fds()));
      grew(s, "heap after GC", b.heapUsed() - a.heapUsed(), HEAP_MARGIN);
      grew(s, "direct memory (JDK)", b.directUsed() - a.directUsed(), DIRECT_MARGIN);
      if (a.nettyDirectUsed() >= 0 && b.nettyDirectUsed() >= 0) {
        grew(s, "direct memory (Netty)", b.nettyDirectUsed() - a.nettyDirectUsed(), DIRECT_MARGIN);
      }
      grew(s, "threads", b.threads() - a.threads(), THREAD_MARGIN);
      grew(s, "open fds", b.fds() - a.fds(), FD_MARGIN);
    }
  }

  void check(boolean ok, String failure) {
    if (!ok) {
      failures.add(failure);
    }
  }

  private void grew(Span s, String what, long growth, long margin) {
    check(growth <= margin, String.format(Locale.ROOT, "%s: %s grew by %d from %s to %s (margin %d)",
        s.process(), what, growth, s.from(), s.to(), margin));
  }

  private void resourceRow(String process, String when, ResourceStats r) {
    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d |%n", process, when,
        mib(r.heapUsed()), mib(r.directUsed()), mib(r.nettyDirectUsed()), r.threads(), r.fds()));
  }

  private void row(List<SoakLoad> loads, String label, java.util.function.Function<SoakTally, String> cell) {
    md.append("| ").append(label).append(" | ");
    md.append(loads.stream().map(l -> cell.apply(l.tally())).collect(Collectors.joining(" | ")));
    md.append(" |\n");
  }

  static String clientName(String kind) {
    return kind.equals("ours") ? "our client" : "grpc-java's client";
  }

  private static String failed(Map<String, Long> byCode) {
    if (byCode.isEmpty()) {
      return "none";
    }
    return byCode.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String signedMib(long bytes) {
    return String.format(Locale.ROOT, "%+.1f MiB", bytes / 1048576.0);
  }
}
