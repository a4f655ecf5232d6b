package io.triple.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Java client framework in a JVM of its own, measuring on {@link LoadBench}'s orders: {@code
 * ClientWorker ours|grpc CLIENT_THREADS OURS_PORT GRPC_PORT}, then one command per line on
 * standard input, one answer per line on standard output.
 *
 * <p>Why a JVM per client: a user's process holds one RPC framework, not two. With both clients
 * in one JVM their shared classes (Netty's HTTP/2 codec, protobuf, the JDK's queues) saw both
 * frameworks' types and call patterns, so the JIT's profiles and the heap were shaped by a
 * mixture no user runs, and each client was measured in the other's garbage. The servers have
 * always had a JVM each for the same reason.
 *
 * <ul>
 *   <li>{@code warmup SERVER MS}: every kind of call against SERVER ({@code ours} or {@code
 *       grpc}) for MS / 4 each; answers {@code ok}.
 *   <li>{@code measure SCENARIO SERVER WARMUP_MS MEASURE_MS}: one measurement of {@link
 *       Scenario#all()}'s SCENARIO-th entry; answers {@code result RATE MIB P50 P99 P999
 *       ERRORS NOTE} (nanoseconds; NOTE base64, or {@code -}).
 * </ul>
 *
 * End of input closes the clients and ends the JVM.
 */
public final class ClientWorker {
  private ClientWorker() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int threads = Integer.parseInt(args[1]);
    Map<String, BenchClient> clients = new LinkedHashMap<>();
    clients.put("ours", Clients.create(kind, Integer.parseInt(args[2]), threads));
    clients.put("grpc", Clients.create(kind, Integer.parseInt(args[3]), threads));
    // Answers only on the real standard output: anything else a library prints goes to stderr.
    PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    List<Scenario> scenarios = Scenario.all();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split(" ");
        switch (w[0]) {
          case "warmup" -> {
            Workload.warmUp(clients.get(w[1]), Long.parseLong(w[2]));
            answers.println("ok");
          }
          case "measure" -> {
            Scenario sc = scenarios.get(Integer.parseInt(w[1]));
            Workload workload = new Workload(Long.parseLong(w[3]), Long.parseLong(w[4]));
            answers.println(encode(workload.measure(clients.get(w[2]), sc)));
          }
          default -> throw new IllegalArgumentException("unknown command: " + line);
        }
      }
    } finally {
      for (BenchClient c : clients.values()) {
        c.close();
      }
    }
    System.exit(0);
  }

  static String encode(Measurement m) {
    String note = m.note() == null ? "-"
        : Base64.getEncoder().encodeToString(m.note().getBytes(StandardCharsets.UTF_8));
    return String.format(Locale.ROOT, "result %s %s %d %d %d %d %s",
        Double.toString(m.rate()), Double.toString(m.mibPerSec()), m.p50(), m.p99(), m.p999(),
        m.errors(), note);
  }

  static Measurement decode(String line) {
    String[] w = line.split(" ");
    if (w.length != 8 || !w[0].equals("result")) {
      throw new IllegalStateException("client worker answered: " + line);
    }
    String note = w[7].equals("-") ? null
        : new String(Base64.getDecoder().decode(w[7]), StandardCharsets.UTF_8);
    return new Measurement(Double.parseDouble(w[1]), Double.parseDouble(w[2]),
        Long.parseLong(w[3]), Long.parseLong(w[4]), Long.parseLong(w[5]), Long.parseLong(w[6]),
        note);
  }
}
