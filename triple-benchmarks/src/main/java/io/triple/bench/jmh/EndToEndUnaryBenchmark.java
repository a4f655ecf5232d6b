package io.triple.bench.jmh;

import io.triple.bench.BenchClient;
import io.triple.bench.BenchServer;
import io.triple.bench.Clients;
import io.triple.bench.Payloads;
import io.triple.bench.proto.Payload;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One unary call at a time over loopback, client and server in the benchmark's JVM: triple-java
 * client and server against grpc-java client and server (same executor model as LoadBench: a
 * fixed pool of 4 callback threads each side, one I/O thread). Average time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EndToEndUnaryBenchmark {
  @Param({"ours", "grpc"})
  public String impl;

  @Param({"0", "1024"})
  public int size;

  private BenchServer.Running server;
  private BenchClient client;
  private Payload request;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = BenchServer.start(impl, 4, 1);
    client = Clients.create(impl, server.port(), 4);
    request = Payloads.ofSize(size);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.stop().run();
  }

  @Benchmark
  public Payload unaryCall() throws Exception {
    CompletableFuture<Payload> f = new CompletableFuture<>();
    client.unary(
        request,
        new BenchClient.Sink() {
          private Payload response;

          @Override
          public void onMessage(Payload message) {
            response = message;
          }

          @Override
          public void onDone(Throwable error) {
            if (error != null) {
              f.completeExceptionally(error);
            } else {
              f.complete(response);
            }
          }
        });
    return f.get(10, TimeUnit.SECONDS);
  }
}
