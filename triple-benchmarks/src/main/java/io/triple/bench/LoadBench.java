package io.triple.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end load harness: in one run on 127.0.0.1 it starts a triple-java server and a grpc-java
 * server, each in its own JVM with the same flags and executor model, and measures both with the
 * same clients: ours and grpc-java's, each in a {@link ClientWorker} JVM of its own, and h2load for
 * unary and server-streaming calls. One client measures at a time. Each measurement is preceded
 * by a warmup; servers alternate A B A B and the medians over the rounds are reported.
 *
 * <p>Run through {@code bench/run.sh}; options in {@link LoadOptions}. The parts: {@link
 * BenchJvms} (the servers' and clients' JVMs), {@link H2load}, {@link LoadResults} (medians and
 * ratios), {@link LoadReport} (the Markdown and docs/performance.md's generated section).
 */
public final class LoadBench {
  private LoadBench() {}

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    BenchJvms jvms = new BenchJvms(options);
    try {
      run(options, jvms);
    } finally {
      jvms.stop();
    }
    System.exit(0);
  }

  static void run(LoadOptions o, BenchJvms jvms) throws Exception {
    String loadStart = Machine.loadAverage();
    jvms.startServers();
    System.out.printf(
        "servers: ours on %d, grpc-java on %d; warmup %d ms, measure %d ms, %d rounds%n",
        jvms.ports().get("ours"), jvms.ports().get("grpc"), o.warmupMs(), o.measureMs(), o.rounds());
    jvms.startWorkers();
    List<String> notes = new ArrayList<>();
    String h2loadVersion = null;
    H2load h2load = null;
    if (o.useH2load()) {
      h2loadVersion = H2load.version();
      if (h2loadVersion == null) {
        notes.add(
            "h2load not found (Debian package nghttp2-client; bench/run.sh installs it with "
                + "apt-get when it can): its rows are skipped.");
      } else {
        h2load = new H2load(jvms.ports(), o.warmupMs(), o.measureMs(), notes);
        for (String server : BenchJvms.SERVERS) {
          h2load.verifyGrpcStatus(server);
        }
      }
    }
    warmUpEverything(o, jvms);
    LoadResults results = new LoadResults();
    for (Scenario sc : Scenario.all()) {
      if (!o.selects(sc)) {
        continue;
      }
      List<String> clientKinds = new ArrayList<>(o.javaClients());
      if (sc.h2load() && h2load != null) {
        clientKinds.add("h2load");
      }
      // Rounds outermost: every client's rounds are spread over the scenario's time alike, so
      // none is measured only while the JIT is still busy with the previous scenario's code.
      for (int r = 0; r < o.rounds(); r++) {
        for (String client : clientKinds) {
          for (String server : BenchJvms.SERVERS) {
            Measurement m = client.equals("h2load")
                ? h2load.measure(sc, server)
                : jvms.worker(client).measure(sc, server, o.warmupMs(), o.measureMs());
            results.add(sc, client, server, m);
            System.out.printf(
                Locale.ROOT,
                "%-34s client %-6s server %-4s round %d: %s%n",
                sc.label(),
                client,
                server,
                r + 1,
                LoadReport.format(sc, m));
          }
        }
      }
    }
    String loadEnd = Machine.loadAverage();
    String markdown =
        new LoadReport(o, h2loadVersion, notes, results).markdown(loadStart, loadEnd);
    System.out.println();
    System.out.println(markdown);
    if (o.doc() != null) {
      LoadReport.writeDoc(o.doc(), markdown);
      System.out.println("wrote " + o.doc());
    }
  }

  /**
   * Before the first measurement, every client drives every server through each kind of call, so
   * the first scenario is not measured on cold JVMs (each measurement has its own warmup too).
   * One client and server at a time, as in the measurements.
   */
  static void warmUpEverything(LoadOptions o, BenchJvms jvms) throws IOException {
    for (WorkerJvm w : jvms.workers()) {
      for (String server : BenchJvms.SERVERS) {
        w.warmUp(server, o.globalWarmupMs());
      }
    }
    System.out.println("global warmup done");
  }
}
