package io.triple.bench;

import io.triple.bench.Scenario.Kind;
import io.triple.netty.internal.http2.EventLoops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * {@link LoadBench}'s report: how figures read (on the console and in the tables), the Markdown
 * (setup, per-client table, full-stack table, every round, the JMH results) and its generated
 * section of docs/performance.md.
 */
final class LoadReport {
  static final String BEGIN = "<!-- BEGIN GENERATED: bench/run.sh -->";
  static final String END = "<!-- END GENERATED: bench/run.sh -->";

  private final LoadOptions options;
  private final String h2loadVersion;
  private final List<String> notes;
  private final LoadResults results;

  /** {@code h2loadVersion}: null when h2load did not run. */
  LoadReport(LoadOptions options, String h2loadVersion, List<String> notes, LoadResults results) {
    this.options = options;
    this.h2loadVersion = h2loadVersion;
    this.notes = notes;
    this.results = results;
  }

  /** A client's or server's name in the report: "ours" triple-java, "grpc" grpc-java. */
  static String name(String kind) {
    return switch (kind) {
      case "ours" -> "triple-java";
      case "grpc" -> "grpc-java";
      default -> kind;
    };
  }

  /** One measurement as the console shows it. */
  static String format(Scenario sc, Measurement m) {
    StringBuilder b = new StringBuilder(rateText(sc, m.rate(), m.mibPerSec()));
    if (m.p50() >= 0) {
      b.append(String.format(Locale.ROOT, ", p50 %s p99 %s p999 %s", us(m.p50()), us(m.p99()), us(m.p999())));
    }
    if (m.note() != null) {
      b.append(" (").append(m.note()).append(')');
    }
    return b.toString();
  }

  static String rateText(Scenario sc, double rate, double mib) {
    return switch (sc.kind()) {
      case UNARY, BLOCKING_UNARY -> sc.size() >= 1 << 20
          ? String.format(Locale.ROOT, "%,.0f calls/s (%,.0f MiB/s each way)", rate, mib)
          : String.format(Locale.ROOT, "%,.0f calls/s", rate);
      case STREAM, BIDI_STREAM -> String.format(Locale.ROOT, "%,.0f msg/s (%,.1f MiB/s)", rate, mib);
      case PING_PONG -> String.format(Locale.ROOT, "%,.0f round trips/s", rate);
    };
  }

  static String us(long nanos) {
    if (nanos < 0) {
      return "-";
    }
    double us = nanos / 1000.0;
    return us >= 10_000
        ? String.format(Locale.ROOT, "%,.1f ms", us / 1000)
        : String.format(Locale.ROOT, "%,.0f µs", us);
  }

  /** The report; {@code loadStart} and {@code loadEnd} the load averages around the harness. */
  String markdown(String loadStart, String loadEnd) throws IOException {
    LoadOptions o = options;
    StringBuilder md = new StringBuilder();
    md.append("Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by `")
        .append(o.command()).append("`")
        .append(o.commit().isBlank() ? "" : " at commit `" + o.commit() + "`").append(".\n\n");
    md.append("**Machine:** ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), ").append(Machine.cpuModel()).append(", ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append("; JDK ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(".\n\n");
    md.append("**Load average (1/5/15 min):** ")
        .append(o.loadBefore().isBlank() ? "" : "before the run " + o.loadBefore() + "; ")
        .append("before the load harness ").append(loadStart)
        .append("; after it ").append(loadEnd)
        .append(". Anything above 0 came from other processes on this shared machine (other builds "
            + "ran concurrently when the load was well above 1), which adds noise to every figure.\n\n");
    md.append("**Setup:** servers on 127.0.0.1, each in its own JVM (flags `")
        .append(o.jvmFlags().isBlank() ? "(JVM defaults)" : o.jvmFlags())
        .append("`, the same for the clients); each Java client in a JVM of its own too, as a user's"
            + " process holds one framework, with one connection to each server. Executor model, identical on both sides: application callbacks ")
        .append(pool(o.serverThreads())).append(" in each server and ").append(pool(o.clientThreads()))
        .append(" in each client, ").append(o.ioThreads())
        .append(" Netty ").append(EventLoops.transport())
        .append(" event loop thread(s) per server and 1 per client; grpc-java runs on the "
            + "same Netty (").append(nettyVersion()).append(") and the same transport as ours. Each figure is the median of ").append(o.rounds())
        .append(" rounds, servers alternating A B A B and the clients taking turns within each round; each measurement is ")
        .append(o.warmupMs()).append(" ms of warmup then ").append(o.measureMs())
        .append(" ms measured, all after a first warmup of every client against every server: ")
        .append(Math.max(1, o.globalWarmupMs() / 4))
        .append(" ms of each kind of call (unary empty, 1 KiB and 1 MiB, blocking, 100 B and 64 KiB streams, ping-pong, bidi). Latencies are per call (unary) or per round trip (ping-pong), "
            + "from HdrHistogram; h2load reports only a mean.")
        .append(o.quick() ? " **Quick run** (short measurements): treat differences under ~15% as noise." : "")
        .append("\n\n");
    if (h2loadVersion != null) {
      md.append("h2load: `").append(h2loadVersion.lines().findFirst().orElse("")).append("`, `-c 1 -t 1 -m <in flight>`,"
          + " POSTing a pre-encoded gRPC body with `content-type: application/grpc` and `te: trailers`;"
          + " for the server-streaming rows one h2load request is one `ServerStream` call (its request"
          + " names the message size and count) and the rate is its calls/s times the messages per call."
          + " h2load reads and discards with little CPU, so these rows show what the server itself can"
          + " send; the Java clients' rows are often limited by the client.\n\n");
    }
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }
    if (!notes.isEmpty()) {
      md.append('\n');
    }
    md.append("| scenario | client | ours (triple-java server) | grpc-java server | ratio ours/grpc-java"
        + " | p50 ours / grpc-java | p99 ours / grpc-java | p999 ours / grpc-java |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder raw = new StringBuilder();
    for (Scenario sc : Scenario.all()) {
      for (String client : new String[] {"ours", "grpc", "h2load"}) {
        List<Measurement> a = results.rounds(sc, client, "ours");
        List<Measurement> b = results.rounds(sc, client, "grpc");
        if (a == null || b == null) {
          continue;
        }
        Measurement ma = LoadResults.medianOf(a);
        Measurement mb = LoadResults.medianOf(b);
        String ratio = LoadResults.ratio(ma, mb);
        String p50;
        String p99;
        String p999;
        if (client.equals("h2load")) {
          p50 = (ma.note() == null ? "-" : ma.note()) + " / " + (mb.note() == null ? "-" : mb.note());
          p99 = "-";
          p999 = "-";
        } else {
          p50 = us(ma.p50()) + " / " + us(mb.p50());
          p99 = us(ma.p99()) + " / " + us(mb.p99());
          p999 = sc.kind() == Kind.PING_PONG || sc.kind() == Kind.BLOCKING_UNARY ? us(ma.p999()) + " / " + us(mb.p999()) : "-";
        }
        if (p50.equals("- / -")) {
          p50 = "-";
        }
        if (p99.equals("- / -")) {
          p99 = "-";
        }
        String errs = ma.errors() + mb.errors() > 0
            ? " ⚠ errors ours " + ma.errors() + ", grpc-java " + mb.errors() : "";
        md.append("| ").append(sc.label()).append(" | ").append(name(client)).append(" | ")
            .append(rateText(sc, ma.rate(), ma.mibPerSec())).append(" | ")
            .append(rateText(sc, mb.rate(), mb.mibPerSec())).append(errs).append(" | ")
            .append(ratio).append(" | ").append(p50).append(" | ").append(p99).append(" | ")
            .append(p999).append(" |\n");
        raw.append("- ").append(sc.label()).append(", client ").append(name(client))
            .append(": ours ").append(rates(a)).append("; grpc-java ").append(rates(b)).append('\n');
      }
    }
    md.append(fullStackTable());
    md.append("\n<details><summary>Every round (rate, in run order)</summary>\n\n")
        .append(raw).append("\n</details>\n");
    if (o.jmhResults() != null && Files.exists(o.jmhResults())) {
      md.append("\n### JMH microbenchmarks\n\n```\n")
          .append(Files.readString(o.jmhResults()).strip()).append("\n```\n");
    }
    return md.toString();
  }

  /**
   * What a user switching frameworks gets: triple-java's client calling triple-java's server
   * against grpc-java's client calling grpc-java's server, from the same run's measurements.
   */
  private String fullStackTable() {
    StringBuilder t = new StringBuilder();
    for (Scenario sc : Scenario.all()) {
      List<Measurement> a = results.rounds(sc, "ours", "ours");
      List<Measurement> b = results.rounds(sc, "grpc", "grpc");
      if (a == null || b == null) {
        continue;
      }
      Measurement ma = LoadResults.medianOf(a);
      Measurement mb = LoadResults.medianOf(b);
      t.append("| ").append(sc.label()).append(" | ")
          .append(rateText(sc, ma.rate(), ma.mibPerSec())).append(" | ")
          .append(rateText(sc, mb.rate(), mb.mibPerSec())).append(" | ")
          .append(LoadResults.ratio(ma, mb)).append(" | ")
          .append(us(ma.p99())).append(" / ").append(us(mb.p99())).append(" |\n");
    }
    if (t.length() == 0) {
      return "";
    }
    return "\n**Full stack** (the same run's figures: triple-java client to triple-java server "
        + "against grpc-java client to grpc-java server):\n\n"
        + "| scenario | triple-java to triple-java | grpc-java to grpc-java | ratio | p99 triple-java / grpc-java |\n"
        + "|---|---:|---:|---:|---:|\n" + t;
  }

  private static String rates(List<Measurement> ms) {
    StringBuilder b = new StringBuilder("[");
    for (Measurement m : ms) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%,.0f", m.rate()));
    }
    return b.append(']').toString();
  }

  /**
   * Puts {@code markdown} between {@link #BEGIN} and {@link #END} in {@code doc}, replacing what
   * was there; appends the section when the markers are missing.
   */
  static void writeDoc(Path doc, String markdown) throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc) : "";
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    String block = BEGIN + "\n" + markdown.strip() + "\n" + END;
    if (b >= 0 && e > b) {
      text = text.substring(0, b) + block + text.substring(e + END.length());
    } else {
      text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
    }
    Files.writeString(doc, text);
  }

  private static String pool(int threads) {
    return threads > 0
        ? "on a fixed pool of " + threads + " threads"
        : "directly on the I/O thread (no executor)";
  }

  private static String nettyVersion() {
    return io.netty.util.Version.identify().values().stream()
        .map(io.netty.util.Version::artifactVersion)
        .findFirst()
        .orElse("?");
  }
}
