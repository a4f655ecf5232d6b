package io.triple.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVMs a {@link LoadBench} run measures with, each started by {@link ChildJvm} with the
 * harness's flags and class path: the two servers ({@link BenchServer}) and one {@link
 * ClientWorker} per Java client framework, connected to both servers.
 */
final class BenchJvms {
  /** The servers, in the order they alternate. */
  static final List<String> SERVERS = List.of("ours", "grpc");

  private final LoadOptions options;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<Process> serverProcesses = new ArrayList<>();
  /** One JVM per Java client framework, keyed by kind ("ours", "grpc"). */
  private final Map<String, WorkerJvm> workers = new LinkedHashMap<>();

  BenchJvms(LoadOptions options) {
    this.options = options;
  }

  /** Starts both servers and waits until each listens. */
  void startServers() throws IOException {
    for (String impl : SERVERS) {
      Process p = startJvm("server-" + impl, BenchServer.class, impl,
          Integer.toString(options.serverThreads()), Integer.toString(options.ioThreads()));
      serverProcesses.add(p);
      ports.put(impl, ChildJvm.awaitPort(p, impl + " server"));
    }
  }

  /** Starts a {@link ClientWorker} JVM for each of {@code --clients}; the servers run. */
  void startWorkers() throws IOException {
    for (String kind : options.javaClients()) {
      Process p = startJvm("client-" + kind, ClientWorker.class, kind,
          Integer.toString(options.clientThreads()), ports.get("ours").toString(),
          ports.get("grpc").toString());
      workers.put(kind, new WorkerJvm(kind, p));
    }
  }

  private Process startJvm(String name, Class<?> main, String... args) throws IOException {
    return ChildJvm.start(options.jvmFlags(), options.jfrDir(), name, main, args);
  }

  /** Each server's port, by server ("ours", "grpc"). */
  Map<String, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  WorkerJvm worker(String kind) {
    return workers.get(kind);
  }

  Collection<WorkerJvm> workers() {
    return workers.values();
  }

  /** Stops the client workers, then the servers: each exits when its standard input closes. */
  void stop() {
    for (WorkerJvm w : workers.values()) {
      w.stop();
    }
    for (Process p : serverProcesses) {
      ChildJvm.stop(p);
    }
  }
}
