package io.triple.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.triple.bench.proto.BenchServiceClient;
import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.client.TripleChannel;
import io.triple.netty.internal.http2.EventLoops;
import io.triple.stub.ClientCallStreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Our client and grpc-java's, each on one connection with the same executor model. */
public final class Clients {
  private Clients() {}

  /**
   * A client of {@code kind} ("ours" or "grpc") for 127.0.0.1:{@code port}: one connection, one
   * I/O thread (epoll or NIO, as EventLoops chooses for both), callbacks on a fixed pool of
   * {@code executorThreads} (0 = on the I/O thread).
   */
  public static BenchClient create(String kind, int port, int executorThreads) {
    ExecutorService pool = pool(kind, executorThreads);
    return switch (kind) {
      case "ours" -> new Ours(port, pool, List.of());
      case "grpc" -> new Grpc(port, pool, b -> {});
      default -> throw new IllegalArgumentException("client must be ours or grpc: " + kind);
    };
  }

  /**
   * Our client as {@link #create} makes it, its calls through {@code interceptors} (for the
   * observability benchmark: metrics and tracing on the client side).
   */
  static BenchClient ours(int port, int executorThreads, List<ClientInterceptor> interceptors) {
    ExecutorService pool = pool("ours", executorThreads);
    return new Ours(port, pool, interceptors);
  }

  /** The callback pool of a client of {@code kind}, or null (callbacks on the I/O thread) for 0 threads. */
  private static ExecutorService pool(String kind, int executorThreads) {
    return executorThreads > 0
        ? Executors.newFixedThreadPool(executorThreads, new DefaultThreadFactory("bench-client-" + kind, true))
        : null;
  }

  /** grpc-java's client as {@link #create} makes it, its channel builder passed to {@code configure} first. */
  static BenchClient grpc(int port, int executorThreads, java.util.function.Consumer<NettyChannelBuilder> configure) {
    ExecutorService pool = pool("grpc", executorThreads);
    return new Grpc(port, pool, configure);
  }

  private static final class Ours implements BenchClient {
    private final TripleChannel channel;
    private final BenchServiceClient client;
    private final ExecutorService pool;

    Ours(int port, ExecutorService pool, List<ClientInterceptor> interceptors) {
      this.pool = pool;
      Executor executor = pool != null ? pool : Runnable::run;
      this.channel =
          TripleChannel.forAddress("127.0.0.1", port)
              .executor(executor)
              .ioThreads(1)
              .maxInboundMessageSize(16 * 1024 * 1024)
              .autoTuneWindow(BenchServer.autoTuneWindow())
              .build();
      this.client =
          BenchServiceClient.create(
              interceptors.isEmpty() ? channel : ClientInterceptors.intercept(channel, interceptors));
    }

    @Override
    public String name() {
      return "ours";
    }

    @Override
    public void unary(Payload request, Sink sink) {
      client.unary(request, observer(sink));
    }

    @Override
    public Payload blockingUnary(Payload request) {
      return client.unary(request);
    }

    @Override
    public java.util.Iterator<Payload> blockingServerStream(StreamRequest request) {
      return client.serverStream(request);
    }

    @Override
    public void serverStream(StreamRequest request, Sink sink) {
      client.serverStream(request, observer(sink));
    }

    @Override
    public PingPong pingPong(Sink sink) {
      ClientCallStreamObserver<Payload> requests = client.pingPong(observer(sink));
      return new PingPong() {
        @Override
        public void send(Payload message) {
          requests.onNext(message);
        }

        @Override
        public void complete() {
          requests.onCompleted();
        }
      };
    }

    private static io.triple.StreamObserver<Payload> observer(Sink sink) {
      return new io.triple.StreamObserver<>() {
        @Override
        public void onNext(Payload value) {
          sink.onMessage(value);
        }

        @Override
        public void onError(Throwable t) {
          sink.onDone(t);
        }

        @Override
        public void onCompleted() {
          sink.onDone(null);
        }
      };
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(java.time.Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static final class Grpc implements BenchClient {
    private final ManagedChannel channel;
    private final EventLoopGroup group;
    private final ExecutorService pool;

    Grpc(int port, ExecutorService pool, java.util.function.Consumer<NettyChannelBuilder> configure) {
      this.pool = pool;
      this.group = EventLoops.create("grpc-client-io", 1); // the same transport as ours
      NettyChannelBuilder b =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .channelType(EventLoops.socketChannel())
              .eventLoopGroup(group)
              .maxInboundMessageSize(16 * 1024 * 1024);
      if (pool != null) {
        b.executor(pool);
      } else {
        b.directExecutor();
      }
      configure.accept(b);
      this.channel = b.build();
    }

    @Override
    public String name() {
      return "grpc-java";
    }

    @Override
    public void unary(Payload request, Sink sink) {
      ClientCalls.asyncUnaryCall(
          channel.newCall(GrpcBenchService.UNARY, CallOptions.DEFAULT), request, observer(sink));
    }

    @Override
    public Payload blockingUnary(Payload request) {
      return ClientCalls.blockingUnaryCall(
          channel, GrpcBenchService.UNARY, CallOptions.DEFAULT, request);
    }

    @Override
    public java.util.Iterator<Payload> blockingServerStream(StreamRequest request) {
      return ClientCalls.blockingServerStreamingCall(
          channel, GrpcBenchService.SERVER_STREAM, CallOptions.DEFAULT, request);
    }

    @Override
    public void serverStream(StreamRequest request, Sink sink) {
      ClientCalls.asyncServerStreamingCall(
          channel.newCall(GrpcBenchService.SERVER_STREAM, CallOptions.DEFAULT),
          request,
          observer(sink));
    }

    @Override
    public PingPong pingPong(Sink sink) {
      StreamObserver<Payload> requests =
          ClientCalls.asyncBidiStreamingCall(
              channel.newCall(GrpcBenchService.PING_PONG, CallOptions.DEFAULT), observer(sink));
      return new PingPong() {
        @Override
        public void send(Payload message) {
          requests.onNext(message);
        }

        @Override
        public void complete() {
          requests.onCompleted();
        }
      };
    }

    private static StreamObserver<Payload> observer(Sink sink) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Payload value) {
          sink.onMessage(value);
        }

        @Override
        public void onError(Throwable t) {
          sink.onDone(t);
        }

        @Override
        public void onCompleted() {
          sink.onDone(null);
        }
      };
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
