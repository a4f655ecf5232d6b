package io.triple.bench.pojo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Interface-service (POJO) benchmark: a unary call of {@code BenchUserService.updateAsync(BenchUser)}
 * (five fields in, five out) between triple-java and Apache Dubbo Java 3.3.6, on 127.0.0.1, in one
 * run. Two provider JVMs (ours, Dubbo's) run throughout; each measurement starts a fresh client
 * JVM (ours: {@link OursPojoBench}; Dubbo's: {@code DubboPojoBench} on triple-interop-dubbo-peer's
 * class path) that keeps N calls in flight in the same {@link ClosedLoop} for a warmup and a fixed
 * measured duration. Pairs: ours to ours, Dubbo to Dubbo, ours to Dubbo, Dubbo to ours; in rounds,
 * each pair once per round, medians reported.
 *
 * <p>Run through {@code bench/pojo.sh}. Options: {@code --serializations hessian2,fastjson2},
 * {@code --inflight 16,128}, {@code --warmup-ms 8000}, {@code --measure-ms 10000}, {@code --rounds 2},
 * {@code --pairs same|all}, {@code --server-warmup-ms 10000}, {@code --jfr DIR}, {@code --jvm-flags "..."}, {@code --dubbo-dir DIR}
 * (triple-interop-dubbo-peer/target, holding classes/ and peer-classpath.txt).
 */
public final class PojoBench {
  private static final String DUBBO_MAIN = "io.triple.bench.pojo.DubboPojoBench";

  private PojoBench() {}

  record Pair(String client, String server) {
    String label() {
      return client + " -> " + server;
    }
  }

  record Result(double rate, long p50, long p99, long errors, String firstError) {}

  public static void main(String[] a) throws Exception {
    Map<String, String> o = new LinkedHashMap<>(Map.of(
        "serializations", "hessian2,fastjson2", "inflight", "16", "warmup-ms", "8000", "measure-ms", "10000",
        "rounds", "2", "pairs", "all", "jvm-flags", "-Xms512m -Xmx512m -XX:+UseG1GC",
        "dubbo-dir", "triple-interop-dubbo-peer/target"));
    for (int i = 0; i < a.length; i++) {
      if (!a[i].startsWith("--") || i + 1 >= a.length) {
        throw new IllegalArgumentException("usage: PojoBench [--option value]...; options: " + o.keySet()
            + ", server-warmup-ms, jfr; the JVMs' standard error goes to triple-benchmarks/target/pojo-bench/");
      }
      o.put(a[i].substring(2), a[++i]);
    }
    Path jfr = o.containsKey("jfr") ? Paths.get(o.get("jfr")) : null;
    List<String> flags = new ArrayList<>(Arrays.asList(o.get("jvm-flags").trim().split("\\s+")));
    String oursCp = System.getProperty("java.class.path");
    String dubboCp = dubboClasspath(Paths.get(o.get("dubbo-dir")));
    List<String> dubboFlags = List.of(); // none: see the note on the providers' address below
    long warmup = Long.parseLong(o.get("warmup-ms"));
    long measure = Long.parseLong(o.get("measure-ms"));
    int rounds = Integer.parseInt(o.get("rounds"));
    List<Pair> pairs = new ArrayList<>(List.of(new Pair("ours", "ours"), new Pair("dubbo", "dubbo")));
    if (o.get("pairs").equals("all")) {
      pairs.add(new Pair("ours", "dubbo"));
      pairs.add(new Pair("dubbo", "ours"));
    }
    String loadStart = loadAverage();
    System.out.println("load average at start: " + loadStart + " (" + Runtime.getRuntime().availableProcessors()
        + " CPUs)");

    Map<String, Process> servers = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      Process ours = start(oursCp, flags, jfr, "pojo-server-ours", OursPojoBench.class.getName(), "server", "0");
      servers.put("ours", ours);
      ports.put("ours", awaitPort(ours, "our server"));
      int dubboPort = freePort();
      List<String> df = new ArrayList<>(flags);
      df.addAll(dubboFlags);
      Process dubbo = start(dubboCp, df, jfr, "pojo-server-dubbo", DUBBO_MAIN, "server", Integer.toString(dubboPort));
      servers.put("dubbo", dubbo);
      ports.put("dubbo", awaitPort(dubbo, "Dubbo's server"));
      System.out.printf("servers: ours on %d, Dubbo on %d; warmup %d ms, measure %d ms, %d rounds%n",
          ports.get("ours"), ports.get("dubbo"), warmup, measure, rounds);

      // Unmeasured: each server is first driven by its own client, so no pair meets a cold server.
      long serverWarmup = Long.parseLong(o.getOrDefault("server-warmup-ms", "10000"));
      if (serverWarmup > 0) {
        for (String side : List.of("ours", "dubbo")) {
          List<String> cf = new ArrayList<>(flags);
          if (side.equals("dubbo")) {
            cf.addAll(dubboFlags);
          }
          String name = "pojo-warmup-" + side;
          Result res = read(start(side.equals("dubbo") ? dubboCp : oursCp, cf, null, name,
              side.equals("dubbo") ? DUBBO_MAIN : OursPojoBench.class.getName(), "client", ports.get(side).toString(),
              o.get("serializations").split(",")[0], "16", Long.toString(serverWarmup), "1000"), name);
          System.out.printf(Locale.ROOT, "server warmup %s: %.0f calls/s (unreported)%n", side, res.rate());
        }
      }

      Map<String, List<Result>> results = new LinkedHashMap<>();
      List<String> rows = new ArrayList<>();
      for (String serialization : o.get("serializations").split(",")) {
        for (String inflightText : o.get("inflight").split(",")) {
          int inflight = Integer.parseInt(inflightText.trim());
          for (int r = 0; r < rounds; r++) {
            for (Pair p : pairs) {
              List<String> cf = new ArrayList<>(flags);
              String cp = oursCp;
              String main = OursPojoBench.class.getName();
              if (p.client().equals("dubbo")) {
                cf.addAll(dubboFlags);
                cp = dubboCp;
                main = DUBBO_MAIN;
              }
              String name = "pojo-client-" + p.client() + "-to-" + p.server() + "-" + serialization + "-" + inflight
                  + "-r" + (r + 1);
              String[] clientArgs = {"client", ports.get(p.server()).toString(), serialization,
                  Integer.toString(inflight), Long.toString(warmup), Long.toString(measure)};
              Result res;
              try {
                res = read(start(cp, cf, jfr, name, main, clientArgs), name);
              } catch (IOException e) { // e.g. a connect timeout on a loaded machine: once more
                System.out.println(e.getMessage() + " (see its log); starting it again");
                res = read(start(cp, cf, jfr, name + "-again", main, clientArgs), name);
              }
              String key = serialization + "|" + inflight + "|" + p.label();
              results.computeIfAbsent(key, k -> new ArrayList<>()).add(res);
              System.out.printf(Locale.ROOT, "%-9s %4d in flight  %-15s round %d: %9.0f calls/s  p50 %7.3f ms"
                  + "  p99 %7.3f ms  errors %d%s  (load %s)%n", serialization, inflight, p.label(), r + 1, res.rate(),
                  res.p50() / 1e6, res.p99() / 1e6, res.errors(), res.errors() > 0 ? " " + res.firstError() : "",
                  loadAverage());
            }
          }
          rows.addAll(table(serialization, inflight, pairs, results));
        }
      }
      String loadEnd = loadAverage();
      System.out.println();
      System.out.println("| serialization | in flight | client -> server | calls/s | p50 ms | p99 ms | vs Dubbo -> Dubbo |");
      System.out.println("|---|---:|---|---:|---:|---:|---|");
      rows.forEach(System.out::println);
      System.out.println();
      System.out.println("Medians of " + rounds + " rounds; load average " + loadStart + " at the start, " + loadEnd
          + " at the end (1, 5, 15 min).");
    } finally {
      for (Process s : servers.values()) {
        s.getOutputStream().close();
      }
      for (Process s : servers.values()) {
        if (!s.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          s.destroyForcibly();
        }
      }
    }
    System.exit(0);
  }

  private static List<String> table(String serialization, int inflight, List<Pair> pairs,
      Map<String, List<Result>> results) {
    Result base = median(results.get(serialization + "|" + inflight + "|dubbo -> dubbo"));
    List<String> rows = new ArrayList<>();
    for (Pair p : pairs) {
      Result m = median(results.get(serialization + "|" + inflight + "|" + p.label()));
      String ratio = p.label().equals("dubbo -> dubbo") ? "1" : String.format(Locale.ROOT,
          "%.2fx calls/s, %.2fx p99", m.rate() / base.rate(), (double) m.p99() / base.p99());
      rows.add(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.3f | %.3f | %s |", serialization, inflight,
          p.label().replace("ours", "triple-java").replace("dubbo", "Dubbo"), m.rate(), m.p50() / 1e6,
          m.p99() / 1e6, ratio + (m.errors() > 0 ? " (" + m.errors() + " errors)" : "")));
    }
    return rows;
  }

  /** Per field, the median over the rounds (the mean of the middle two for an even count). */
  private static Result median(List<Result> rs) {
    double[] rate = rs.stream().mapToDouble(Result::rate).sorted().toArray();
    long[] p50 = rs.stream().mapToLong(Result::p50).sorted().toArray();
    long[] p99 = rs.stream().mapToLong(Result::p99).sorted().toArray();
    int n = rs.size();
    int lo = (n - 1) / 2;
    int hi = n / 2;
    return new Result((rate[lo] + rate[hi]) / 2, (p50[lo] + p50[hi]) / 2, (p99[lo] + p99[hi]) / 2,
        rs.stream().mapToLong(Result::errors).sum(), null);
  }

  private static Result read(Process c, String name) throws IOException, InterruptedException {
    BufferedReader out = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
    String line;
    String result = null;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("result ")) {
        result = line;
      }
    }
    if (!c.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      c.destroyForcibly();
    }
    if (result == null) {
      throw new IOException(name + " printed no result (exit " + c.exitValue() + ")");
    }
    String[] w = result.split(" ");
    return new Result(Double.parseDouble(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]),
        w.length > 5 ? w[5] : "-");
  }

  private static Process start(String classpath, List<String> flags, Path jfr, String name, String main,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (jfr != null) {
      Files.createDirectories(jfr);
      cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.resolve(name + ".jfr"));
    }
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main);
    cmd.addAll(List.of(args));
    Path logs = Paths.get("triple-benchmarks/target/pojo-bench");
    Files.createDirectories(logs);
    return new ProcessBuilder(cmd).redirectError(logs.resolve(name + ".log").toFile()).start();
  }

  private static int awaitPort(Process server, String what) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        int port = Integer.parseInt(line.substring(5).trim());
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (IOException ignored) {
            // gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IOException(what + " exited before printing its port");
  }

  /*
   * Dubbo's consumer never connects to a loopback address: it swaps 127.x for the machine's own
   * (NetUtils.filterLocalHost). triple-interop's PeerProcess hides every interface from it
   * (dubbo.network.interface.ignored=.*) so that it finds 127.0.0.1, but then Dubbo finds no
   * address to cache and scans the interfaces again on every call (NetUtils.getLocalAddress0 was
   * 12% of the Dubbo provider's CPU samples, with a logged NullPointerException per scan). Here both
   * providers listen on every address instead, and the Dubbo consumer reaches them on the machine's
   * own address, which Linux routes through the loopback interface as it does 127.0.0.1.
   */

  private static String dubboClasspath(Path dir) throws IOException {
    Path file = dir.resolve("peer-classpath.txt");
    if (!Files.exists(file) || !Files.isDirectory(dir.resolve("classes"))) {
      throw new IllegalStateException("no Dubbo peer classes or class path file in " + dir.toAbsolutePath()
          + ": build triple-interop-dubbo-peer first (bench/pojo.sh does)");
    }
    return dir.resolve("classes") + File.pathSeparator + Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
