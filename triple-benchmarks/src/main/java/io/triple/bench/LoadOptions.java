package io.triple.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link LoadBench}'s command line: {@code --quick}, {@code --rounds N}, {@code --warmup-ms N},
 * {@code --measure-ms N}, {@code --global-warmup-ms N}, {@code --server-threads N}, {@code
 * --client-threads N}, {@code --io-threads N}, {@code --jvm-flags "..."}, {@code --only REGEX},
 * {@code --no-h2load}, {@code --clients ours,grpc}, {@code --jfr DIR}, {@code --doc FILE}, {@code
 * --jmh FILE}, {@code --load-before TEXT}, {@code --command TEXT}, {@code --commit TEXT}.
 */
record LoadOptions(
    boolean quick,
    int rounds,
    long warmupMs,
    long measureMs,
    long globalWarmupMs,
    int serverThreads,
    int clientThreads,
    int ioThreads,
    String jvmFlags,
    Pattern only,
    boolean useH2load,
    List<String> javaClients,
    Path jfrDir,
    Path doc,
    Path jmhResults,
    String loadBefore,
    String command,
    String commit) {

  static LoadOptions parse(String[] args) {
    boolean quick = false;
    int rounds = 3;
    long warmupMs = 2000;
    long measureMs = 4000;
    long globalWarmupMs = 10000;
    int serverThreads = 4;
    int clientThreads = 4;
    int ioThreads = 1;
    String jvmFlags = "";
    Pattern only = null;
    boolean useH2load = true;
    List<String> javaClients = List.of("ours", "grpc");
    Path jfrDir = null;
    Path doc = null;
    Path jmhResults = null;
    String loadBefore = "";
    String command = "bench/run.sh";
    String commit = "";
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
    return new LoadOptions(quick, rounds, warmupMs, measureMs, globalWarmupMs, serverThreads,
        clientThreads, ioThreads, jvmFlags, only, useH2load, javaClients, jfrDir, doc, jmhResults,
        loadBefore, command, commit);
  }

  /** Whether {@code --only} (when given) selects this scenario. */
  boolean selects(Scenario sc) {
    return only == null || only.matcher(sc.label()).find();
  }
}
