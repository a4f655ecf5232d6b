package io.triple.bench;

import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large transfers over a long path: each client reaches its server through a {@link DelayProxy}
 * on 127.0.0.1 that adds a round trip of {@code --rtt-ms} (default 20), so what limits them is
 * how much each side lets the other send per round trip (the HTTP/2 flow-control windows), not
 * the CPU. Runs, for each pair (our client to our server, grpc-java's to grpc-java's, ours with
 * window auto-tuning off, the way it was before it existed, and the two mixed pairs) and each of
 * the two scenarios
 * (1 MiB unary calls one at a time; a server stream of 64 KiB messages), {@code --seconds} of
 * calls (default 6) after {@code --warmup-seconds} (default 4), {@code --rounds} times (default
 * 2) with the pairs alternating, and prints each round and the medians.
 *
 * <p>Everything runs in this one JVM (servers, proxies, clients): the transfers wait on the path,
 * and CPU use is far below what either stack can do. Load only to 127.0.0.1.
 */
public final class WanBench {
  private static final int MIB = 1024 * 1024;

  private WanBench() {}

  private record Pair(String label, String client, String server, boolean autoTune) {}

  public static void main(String[] args) throws Exception {
    double rttMs = 20;
    int seconds = 6;
    int warmupSeconds = 4;
    int rounds = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rtt-ms" -> rttMs = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (known: --rtt-ms, --seconds, --warmup-seconds, --rounds)");
      }
    }
    List<Pair> pairs = List.of(
        new Pair("triple-java to triple-java", "ours", "ours", true),
        new Pair("grpc-java to grpc-java", "grpc", "grpc", true),
        new Pair("triple-java to triple-java, auto-tuning off", "ours", "ours", false),
        new Pair("triple-java to grpc-java", "ours", "grpc", true),
        new Pair("grpc-java to triple-java", "grpc", "ours", true));
    String[] scenarios = {"unary 1 MiB, 1 in flight", "server stream 64 KiB msgs"};
    double[][][] results = new double[scenarios.length][pairs.size()][rounds];
    System.out.printf(Locale.ROOT, "Round trip added by the proxy: %.1f ms; %d s measured after %d s warmup, %d rounds%n",
        rttMs, seconds, warmupSeconds, rounds);
    for (int r = 0; r < rounds; r++) {
      for (int p = 0; p < pairs.size(); p++) {
        Pair pair = pairs.get(p);
        System.setProperty("bench.autoTuneWindow", String.valueOf(pair.autoTune()));
        BenchServer.Running server = BenchServer.start(pair.server(), 4, 1);
        try (DelayProxy proxy = new DelayProxy(server.port(), rttMs / 2);
            BenchClient client = Clients.create(pair.client(), proxy.port(), 4)) {
          for (int s = 0; s < scenarios.length; s++) {
            run(client, s, warmupSeconds);
            double rate = run(client, s, seconds);
            results[s][p][r] = rate;
            System.out.printf(Locale.ROOT, "round %d, %s, %s: %.1f MiB/s%n", r + 1, scenarios[s], pair.label(), rate);
          }
        } finally {
          server.stop().run();
        }
      }
    }
    System.out.println();
    System.out.println("| scenario | pair | MiB/s (median) | every round |");
    System.out.println("|---|---|---:|---|");
    for (int s = 0; s < scenarios.length; s++) {
      for (int p = 0; p < pairs.size(); p++) {
        double[] v = results[s][p].clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        List<String> each = new ArrayList<>();
        for (double x : results[s][p]) {
          each.add(String.format(Locale.ROOT, "%.1f", x));
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %s |%n", scenarios[s], pairs.get(p).label(), median,
            String.join(", ", each));
      }
    }
    System.exit(0);
  }

  /** Runs scenario {@code s} for {@code seconds}; MiB/s received by the client. */
  private static double run(BenchClient client, int s, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    while (System.nanoTime() < end) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      BenchClient.Sink sink = new BenchClient.Sink() {
        @Override
        public void onMessage(Payload message) {
          bytes.addAndGet(message.getBody().size());
        }

        @Override
        public void onDone(Throwable error) {
          if (error != null) {
            done.completeExceptionally(error);
          } else {
            done.complete(null);
          }
        }
      };
      if (s == 0) {
        client.unary(Payloads.ofSize(MIB), sink);
      } else {
        client.serverStream(StreamRequest.newBuilder().setMessageSize(64 * 1024).setCount(256).build(), sink);
      }
      done.get(60, TimeUnit.SECONDS);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return bytes.get() / elapsed / MIB;
  }
}
