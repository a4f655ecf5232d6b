package io.triple.bench;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.triple.bench.proto.BenchServiceTriple;
import io.triple.netty.internal.http2.EventLoops;
import io.triple.server.TripleServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One benchmark server, run in its own JVM by {@link LoadBench}: {@code BenchServer ours|grpc
 * EXECUTOR_THREADS IO_THREADS}. Binds 127.0.0.1 on an ephemeral port, prints {@code PORT n} and
 * serves until its standard input closes.
 *
 * <p>Both servers get the same executor model: a fixed pool of {@code EXECUTOR_THREADS} threads
 * for application callbacks (0 = run them directly on the I/O thread), {@code IO_THREADS} Netty
 * event loop threads and one acceptor thread, on the same transport ({@code EventLoops}: epoll
 * where it loads, NIO with {@code -Dio.triple.transport=nio}).
 */
public final class BenchServer {
  /**
   * grpc-java logs (java.util.logging) a WARNING with a stack trace for every stream a client
   * resets, e.g. when h2load stops at the end of its duration; kept referenced so it stays set.
   */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  static {
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  private BenchServer() {}

  /** A started server: its port and how to stop it. */
  public record Running(int port, Runnable stop) {}

  public static void main(String[] args) throws Exception {
    Running server =
        start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    ChildJvm.announceAndServe(server.port(), server.stop());
    System.exit(0);
  }

  /**
   * Whether our side grows its flow-control windows (its default, and grpc-java's); the system
   * property {@code bench.autoTuneWindow=false} turns it off, for WanBench's "before" row.
   */
  static boolean autoTuneWindow() {
    return Boolean.parseBoolean(System.getProperty("bench.autoTuneWindow", "true"));
  }

  /** Starts a server of {@code impl} ("ours" or "grpc") on 127.0.0.1, ephemeral port. */
  public static Running start(String impl, int executorThreads, int ioThreads) throws IOException {
    ExecutorService pool =
        executorThreads > 0
            ? Executors.newFixedThreadPool(
                executorThreads, new DefaultThreadFactory("bench-server-app", true))
            : null;
    Executor executor = pool != null ? pool : Runnable::run;
    Runnable stop;
    int port;
    switch (impl) {
      case "ours" -> {
        TripleServer server =
            TripleServer.builder()
                .host("127.0.0.1")
                .port(0)
                .executor(executor)
                .ioThreads(ioThreads)
                .maxInboundMessageSize(16 * 1024 * 1024)
                .autoTuneWindow(autoTuneWindow())
                .addService(BenchServiceTriple.bindService(new OursBenchService()))
                .build()
                .start();
        port = server.port();
        stop = server::shutdownNow;
      }
      case "grpc" -> {
        // The same transport as ours (EventLoops: epoll where it loads, else NIO).
        EventLoopGroup boss = EventLoops.create("grpc-boss", 1);
        EventLoopGroup workers = EventLoops.create("grpc-worker", ioThreads);
        NettyServerBuilder b =
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .channelType(EventLoops.serverSocketChannel())
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .maxInboundMessageSize(16 * 1024 * 1024)
                .addService(GrpcBenchService.bind());
        if (pool != null) {
          b.executor(pool);
        } else {
          b.directExecutor();
        }
        Server server = b.build().start();
        port = server.getPort();
        stop =
            () -> {
              server.shutdownNow();
              boss.shutdownGracefully();
              workers.shutdownGracefully();
            };
      }
      default -> throw new IllegalArgumentException("impl must be ours or grpc: " + impl);
    }
    Runnable stopServer = stop;
    return new Running(
        port,
        () -> {
          stopServer.run();
          if (pool != null) {
            pool.shutdownNow();
          }
        });
  }
}
