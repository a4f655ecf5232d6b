package io.triple.bench;

import io.triple.bench.proto.StreamRequest;
import io.triple.netty.internal.EventLoops;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end load harness: in one run on 127.0.0.1 it starts a triple-java server and a grpc-java
 * server, each in its own JVM with the same flags and executor model, and measures both with the
 * same clients: ours and grpc-java's, each in a {@link ClientWorker} JVM of its own, and h2load for
 * unary and server-streaming calls. One client measures at a time. Each measurement is preceded
 * by a warmup; servers alternate A B A B and the medians over the rounds are reported.
 *
 * <p>Run through {@code bench/run.sh}; options: {@code --quick}, {@code --rounds N}, {@code
 * --warmup-ms N}, {@code --measure-ms N}, {@code --global-warmup-ms N}, {@code --server-threads N}, {@code --client-threads N},
 * {@code --io-threads N}, {@code --jvm-flags "..."}, {@code --only REGEX}, {@code --no-h2load}, {@code --clients ours,grpc},
 * {@code --jfr DIR}, {@code --doc FILE}, {@code --jmh FILE}, {@code --load-before TEXT}, {@code
 * --command TEXT}.
 */
public final class LoadBench {
  static final String BEGIN = "<!-- BEGIN GENERATED: bench/run.sh -->";
  static final String END = "<!-- END GENERATED: bench/run.sh -->";
  private static final String[] SERVERS = {"ours", "grpc"};

  enum Kind {
    UNARY,
    BLOCKING_UNARY,
    STREAM,
    PING_PONG,
    BIDI_STREAM
  }

  record Scenario(String label, Kind kind, int size, int inflight, long perCall, boolean h2load) {}

  record Measurement(
      double rate, double mibPerSec, long p50, long p99, long p999, long errors, String note) {}

  // ---- options ----
  boolean quick;
  int rounds = 3;
  long warmupMs = 2000;
  long measureMs = 4000;
  long globalWarmupMs = 10000;
  int serverThreads = 4;
  int clientThreads = 4;
  int ioThreads = 1;
  String jvmFlags = "";
  Pattern only;
  boolean useH2load = true;
  List<String> javaClients = List.of("ours", "grpc");
  Path jfrDir;
  Path doc;
  Path jmhResults;
  String loadBefore = "";
  String command = "bench/run.sh";
  String commit = "";

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<Process> serverProcesses = new ArrayList<>();
  /** One JVM per Java client framework, keyed by kind ("ours", "grpc"). */
  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, List<Measurement>> results = new LinkedHashMap<>();
  private String h2loadVersion;
  private Path tmp;

  public static void main(String[] args) throws Exception {
    LoadBench b = new LoadBench();
    b.parse(args);
    try {
      b.run();
    } finally {
      b.stopAll();
    }
    System.exit(0);
  }

  void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {
          // Under 5 minutes with bench/run.sh's quick JMH on 2 cores: 132 measurements.
          quick = true;
          rounds = 2;
          warmupMs = 300;
          measureMs = 600;
          globalWarmupMs = 2000;
        }
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
        case "--measure-ms" -> measureMs = Long.parseLong(args[++i]);
        case "--global-warmup-ms" -> globalWarmupMs = Long.parseLong(args[++i]);
        case "--server-threads" -> serverThreads = Integer.parseInt(args[++i]);
        case "--client-threads" -> clientThreads = Integer.parseInt(args[++i]);
        case "--io-threads" -> ioThreads = Integer.parseInt(args[++i]);
        case "--jvm-flags" -> jvmFlags = args[++i];
        case "--only" -> only = Pattern.compile(args[++i]);
        case "--no-h2load" -> useH2load = false;
        case "--clients" -> javaClients = List.of(args[++i].split(","));
        case "--jfr" -> jfrDir = Paths.get(args[++i]).toAbsolutePath();
        case "--doc" -> doc = Paths.get(args[++i]);
        case "--jmh" -> jmhResults = Paths.get(args[++i]);
        case "--load-before" -> loadBefore = args[++i];
        case "--command" -> command = args[++i];
        case "--commit" -> commit = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
  }

  static List<Scenario> scenarios() {
    List<Scenario> s = new ArrayList<>();
    for (int size : new int[] {0, 1024}) {
      for (int inflight : new int[] {1, 16, 256}) {
        s.add(
            new Scenario(
                "unary " + (size == 0 ? "empty" : "1 KiB") + ", " + inflight + " in flight",
                Kind.UNARY,
                size,
                inflight,
                0,
                true));
      }
    }
    s.add(
        new Scenario(
            "unary empty, blocking stub, 1 in flight", Kind.BLOCKING_UNARY, 0, 1, 0, false));
    s.add(new Scenario("unary 1 MiB, 1 in flight", Kind.UNARY, 1024 * 1024, 1, 0, true));
    s.add(new Scenario("server stream 100 B msgs", Kind.STREAM, 100, 1, 20_000, true));
    s.add(new Scenario("server stream 64 KiB msgs", Kind.STREAM, 64 * 1024, 1, 400, true));
    s.add(new Scenario("bidi ping-pong 100 B", Kind.PING_PONG, 100, 1, 0, false));
    s.add(new Scenario("bidi stream 100 B msgs", Kind.BIDI_STREAM, 100, 1, 20_000, false));
    return s;
  }

  void run() throws Exception {
    tmp = Files.createTempDirectory("triple-bench");
    String loadStart = loadAverage();
    for (String impl : SERVERS) {
      ports.put(impl, startServer(impl));
    }
    System.out.printf(
        "servers: ours on %d, grpc-java on %d; warmup %d ms, measure %d ms, %d rounds%n",
        ports.get("ours"), ports.get("grpc"), warmupMs, measureMs, rounds);
    for (String kind : javaClients) {
      workers.put(kind, startWorker(kind));
    }
    if (useH2load) {
      h2loadVersion = h2loadVersion();
      if (h2loadVersion == null) {
        notes.add(
            "h2load not found (Debian package nghttp2-client; bench/run.sh installs it with "
                + "apt-get when it can): its rows are skipped.");
      } else {
        for (String server : SERVERS) {
          verifyGrpcStatus(server);
        }
      }
    }
    warmUpEverything();
    for (Scenario sc : scenarios()) {
      if (only != null && !only.matcher(sc.label()).find()) {
        continue;
      }
      List<String> clientKinds = new ArrayList<>(javaClients);
      if (sc.h2load() && h2loadVersion != null) {
        clientKinds.add("h2load");
      }
      // Rounds outermost: every client's rounds are spread over the scenario's time alike, so
      // none is measured only while the JIT is still busy with the previous scenario's code.
      for (int r = 0; r < rounds; r++) {
        for (String client : clientKinds) {
          for (String server : SERVERS) {
            Measurement m = measure(sc, client, server);
            results.computeIfAbsent(key(sc, client, server), k -> new ArrayList<>()).add(m);
            System.out.printf(
                Locale.ROOT,
                "%-34s client %-6s server %-4s round %d: %s%n",
                sc.label(),
                client,
                server,
                r + 1,
                format(sc, m));
          }
        }
      }
    }
    String loadEnd = loadAverage();
    String markdown = report(loadStart, loadEnd);
    System.out.println();
    System.out.println(markdown);
    if (doc != null) {
      writeDoc(markdown);
      System.out.println("wrote " + doc);
    }
  }

  /**
   * Before the first measurement, every client drives every server through each kind of call, so
   * the first scenario is not measured on cold JVMs (each measurement has its own warmup too).
   * One client and server at a time, as in the measurements.
   */
  void warmUpEverything() throws IOException {
    for (Worker w : workers.values()) {
      for (String server : SERVERS) {
        String answer = w.ask("warmup " + server + " " + globalWarmupMs);
        if (!answer.equals("ok")) {
          throw new IOException("the " + w.kind + " client's warmup answered: " + answer);
        }
      }
    }
    System.out.println("global warmup done");
  }

  static String key(Scenario sc, String client, String server) {
    return sc.label() + "|" + client + "|" + server;
  }

  // ---- servers ----

  int startServer(String impl) throws IOException {
    Process p = startJvm("server-" + impl, BenchServer.class,
        impl, Integer.toString(serverThreads), Integer.toString(ioThreads));
    serverProcesses.add(p);
    return ChildJvm.awaitPort(p, impl + " server");
  }

  /** A Java client framework's {@link ClientWorker} JVM, connected to both servers. */
  Worker startWorker(String kind) throws IOException {
    Process p = startJvm("client-" + kind, ClientWorker.class, kind,
        Integer.toString(clientThreads), ports.get("ours").toString(), ports.get("grpc").toString());
    return new Worker(kind, p);
  }

  /** A JVM like this one's servers and clients: the harness's flags, this class path. */
  Process startJvm(String name, Class<?> main, String... args) throws IOException {
    return ChildJvm.start(jvmFlags, jfrDir, name, main, args);
  }

  /** A running {@link ClientWorker}: one command line out, one answer line back. */
  static final class Worker {
    final String kind;
    final Process process;
    private final BufferedReader answers;
    private final OutputStream commands;

    Worker(String kind, Process process) {
      this.kind = kind;
      this.process = process;
      this.answers = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.commands = process.getOutputStream();
    }

    String ask(String command) throws IOException {
      commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      commands.flush();
      String answer = answers.readLine();
      if (answer == null) {
        throw new IOException("the " + kind + " client's JVM exited (see its output above)");
      }
      return answer;
    }

    /** Closes its input (the worker then closes its clients and exits) and waits for it. */
    void stop() {
      try {
        commands.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException | InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  void stopAll() {
    for (Worker w : workers.values()) {
      w.stop();
    }
    for (Process p : serverProcesses) {
      try {
        OutputStream in = p.getOutputStream();
        in.close(); // the server exits when its stdin closes
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (IOException | InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  // ---- measurements ----

  Measurement measure(Scenario sc, String client, String server) throws Exception {
    if (client.equals("h2load")) {
      return h2load(sc, server);
    }
    return ClientWorker.decode(workers.get(client).ask(String.format(Locale.ROOT,
        "measure %d %s %d %d", scenarios().indexOf(sc), server, warmupMs, measureMs)));
  }


  // ---- h2load ----

  static String h2loadVersion() {
    try {
      Process p = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  /** A request body file: the gRPC 5-byte prefix and the serialized payload. */
  Path bodyFile(int size) throws IOException {
    return bodyFile("body-" + size, Payloads.ofSize(size).toByteArray());
  }

  /** h2load's request body for a scenario: a payload to echo, or what to stream. */
  Path bodyFile(Scenario sc) throws IOException {
    if (sc.kind() != Kind.STREAM) {
      return bodyFile(sc.size());
    }
    StreamRequest r =
        StreamRequest.newBuilder().setMessageSize(sc.size()).setCount(sc.perCall()).build();
    return bodyFile("stream-" + sc.size() + "x" + sc.perCall(), r.toByteArray());
  }

  private Path bodyFile(String name, byte[] msg) throws IOException {
    Path f = tmp.resolve(name + ".bin");
    if (!Files.exists(f)) {
      ByteBuffer b = ByteBuffer.allocate(5 + msg.length);
      b.put((byte) 0).putInt(msg.length).put(msg);
      Files.write(f, b.array());
    }
    return f;
  }

  String url(String server, String method) {
    return "http://127.0.0.1:" + ports.get(server) + "/" + GrpcBenchService.SERVICE_NAME + "/" + method;
  }

  /** h2load checks only the HTTP status: check grpc-status with one call through nghttp. */
  void verifyGrpcStatus(String server) throws Exception {
    verifyGrpcStatus(server, "Unary", bodyFile(1024));
    Scenario stream = new Scenario("stream check", Kind.STREAM, 100, 1, 1000, true);
    verifyGrpcStatus(server, "ServerStream", bodyFile(stream));
  }

  void verifyGrpcStatus(String server, String method, Path body) throws Exception {
    List<String> cmd =
        List.of(
            "nghttp",
            "-v",
            "-d",
            body.toString(),
            "-H",
            "content-type: application/grpc",
            "-H",
            "te: trailers",
            url(server, method));
    String out;
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      notes.add("nghttp not found: grpc-status of the h2load request was not verified.");
      return;
    }
    Matcher m = Pattern.compile("grpc-status: (\\d+)").matcher(out);
    String status = m.find() ? m.group(1) : "missing";
    String line = "h2load's " + method + " request verified with one nghttp call: " + server(server)
        + " answered grpc-status " + status;
    System.out.println(line);
    if (!status.equals("0")) {
      notes.add("WARNING: " + line + "; its h2load figures do not count gRPC failures.");
      System.err.println(out);
    }
  }

  Measurement h2load(Scenario sc, String server) throws Exception {
    List<String> cmd =
        List.of(
            "h2load",
            "-c",
            "1",
            "-t",
            "1",
            "-m",
            Integer.toString(sc.inflight()),
            "-D",
            measureMs + "ms",
            "--warm-up-time=" + warmupMs + "ms",
            "-d",
            bodyFile(sc).toString(),
            "-H",
            "content-type: application/grpc",
            "-H",
            "te: trailers",
            url(server, sc.kind() == Kind.STREAM ? "ServerStream" : "Unary"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(warmupMs + measureMs + 60_000, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      System.err.println(out);
      return Workload.failed("h2load failed");
    }
    Matcher rate = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s").matcher(out);
    Matcher reqs =
        Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed")
            .matcher(out);
    Matcher mean =
        Pattern.compile("time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(out);
    if (!rate.find() || !reqs.find()) {
      System.err.println(out);
      return Workload.failed("cannot parse h2load output");
    }
    long failedReqs = Long.parseLong(reqs.group(4));
    double r = Double.parseDouble(rate.group(1));
    if (sc.kind() == Kind.STREAM) {
      // One h2load request is one streaming call of perCall messages.
      double msgs = r * sc.perCall();
      return new Measurement(msgs, msgs * sc.size() / (1 << 20), -1, -1, -1, failedReqs, null);
    }
    String note = mean.find() ? "mean " + mean.group(3) : null;
    return new Measurement(
        r, r * (sc.size() + 5) / (1 << 20), -1, -1, -1, failedReqs, note);
  }

  // ---- report ----

  static String server(String impl) {
    return impl.equals("ours") ? "triple-java" : "grpc-java";
  }

  static String clientName(String kind) {
    return switch (kind) {
      case "ours" -> "triple-java";
      case "grpc" -> "grpc-java";
      default -> kind;
    };
  }

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

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

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

  String report(String loadStart, String loadEnd) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by `")
        .append(command).append("`")
        .append(commit.isBlank() ? "" : " at commit `" + commit + "`").append(".\n\n");
    md.append("**Machine:** ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), ").append(cpuModel()).append(", ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append("; JDK ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(".\n\n");
    md.append("**Load average (1/5/15 min):** ")
        .append(loadBefore.isBlank() ? "" : "before the run " + loadBefore + "; ")
        .append("before the load harness ").append(loadStart)
        .append("; after it ").append(loadEnd)
        .append(". Anything above 0 came from other processes on this shared machine (other builds "
            + "ran concurrently when the load was well above 1), which adds noise to every figure.\n\n");
    md.append("**Setup:** servers on 127.0.0.1, each in its own JVM (flags `")
        .append(jvmFlags.isBlank() ? "(JVM defaults)" : jvmFlags)
        .append("`, the same for the clients); each Java client in a JVM of its own too, as a user's"
            + " process holds one framework, with one connection to each server. Executor model, identical on both sides: application callbacks ")
        .append(pool(serverThreads)).append(" in each server and ").append(pool(clientThreads))
        .append(" in each client, ").append(ioThreads)
        .append(" Netty ").append(EventLoops.transport())
        .append(" event loop thread(s) per server and 1 per client; grpc-java runs on the "
            + "same Netty (").append(nettyVersion()).append(") and the same transport as ours. Each figure is the median of ").append(rounds)
        .append(" rounds, servers alternating A B A B and the clients taking turns within each round; each measurement is ")
        .append(warmupMs).append(" ms of warmup then ").append(measureMs)
        .append(" ms measured, all after a first warmup of every client against every server: ")
        .append(Math.max(1, globalWarmupMs / 4))
        .append(" ms of each kind of call (unary empty, 1 KiB and 1 MiB, blocking, 100 B and 64 KiB streams, ping-pong, bidi). Latencies are per call (unary) or per round trip (ping-pong), "
            + "from HdrHistogram; h2load reports only a mean.")
        .append(quick ? " **Quick run** (short measurements): treat differences under ~15% as noise." : "")
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
    for (Scenario sc : scenarios()) {
      for (String client : new String[] {"ours", "grpc", "h2load"}) {
        List<Measurement> a = results.get(key(sc, client, "ours"));
        List<Measurement> b = results.get(key(sc, client, "grpc"));
        if (a == null || b == null) {
          continue;
        }
        Measurement ma = medianOf(a);
        Measurement mb = medianOf(b);
        String ratio = mb.rate() > 0 ? String.format(Locale.ROOT, "%.2f", ma.rate() / mb.rate()) : "-";
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
        md.append("| ").append(sc.label()).append(" | ").append(clientName(client)).append(" | ")
            .append(rateText(sc, ma.rate(), ma.mibPerSec())).append(" | ")
            .append(rateText(sc, mb.rate(), mb.mibPerSec())).append(errs).append(" | ")
            .append(ratio).append(" | ").append(p50).append(" | ").append(p99).append(" | ")
            .append(p999).append(" |\n");
        raw.append("- ").append(sc.label()).append(", client ").append(clientName(client))
            .append(": ours ").append(rates(a)).append("; grpc-java ").append(rates(b)).append('\n');
      }
    }
    md.append(fullStackTable());
    md.append("\n<details><summary>Every round (rate, in run order)</summary>\n\n")
        .append(raw).append("\n</details>\n");
    if (jmhResults != null && Files.exists(jmhResults)) {
      md.append("\n### JMH microbenchmarks\n\n```\n")
          .append(Files.readString(jmhResults).strip()).append("\n```\n");
    }
    return md.toString();
  }

  /**
   * What a user switching frameworks gets: triple-java's client calling triple-java's server
   * against grpc-java's client calling grpc-java's server, from the same run's measurements.
   */
  String fullStackTable() {
    StringBuilder t = new StringBuilder();
    for (Scenario sc : scenarios()) {
      List<Measurement> a = results.get(key(sc, "ours", "ours"));
      List<Measurement> b = results.get(key(sc, "grpc", "grpc"));
      if (a == null || b == null) {
        continue;
      }
      Measurement ma = medianOf(a);
      Measurement mb = medianOf(b);
      String ratio = mb.rate() > 0 ? String.format(Locale.ROOT, "%.2f", ma.rate() / mb.rate()) : "-";
      t.append("| ").append(sc.label()).append(" | ")
          .append(rateText(sc, ma.rate(), ma.mibPerSec())).append(" | ")
          .append(rateText(sc, mb.rate(), mb.mibPerSec())).append(" | ").append(ratio).append(" | ")
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

  static String rates(List<Measurement> ms) {
    StringBuilder b = new StringBuilder("[");
    for (Measurement m : ms) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%,.0f", m.rate()));
    }
    return b.append(']').toString();
  }

  void writeDoc(String markdown) throws IOException {
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

  static String pool(int threads) {
    return threads > 0
        ? "on a fixed pool of " + threads + " threads"
        : "directly on the I/O thread (no executor)";
  }

  static String nettyVersion() {
    return io.netty.util.Version.identify().values().stream()
        .map(io.netty.util.Version::artifactVersion)
        .findFirst()
        .orElse("?");
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException ignored) {
      // not Linux
    }
    return "unknown CPU";
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
