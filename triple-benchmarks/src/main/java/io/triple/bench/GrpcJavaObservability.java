package io.triple.bench;

import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.grpc.opentelemetry.InternalGrpcOpenTelemetry;
import io.netty.channel.EventLoopGroup;
import io.triple.netty.internal.http2.EventLoops;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * grpc-java's own observability beside ours, for context in {@link ObservabilityBench}: modes
 * {@code grpc-off} (grpc-java's server and client, nothing on) and {@code grpc-on10} (its
 * {@code grpc-opentelemetry} module on both sides: the OpenTelemetry metrics it defines, and its
 * tracing, experimental in grpc-java and switched on through {@code InternalGrpcOpenTelemetry};
 * the same SDK setup as our modes: one trace in ten, W3C propagation, a batch processor whose
 * exporter drops the spans, and a metric reader that collects every 30 s and drops the result).
 * Same transport as ours (one I/O thread each side, the same executors).
 */
final class GrpcJavaObservability {
  private GrpcJavaObservability() {}

  static boolean isGrpc(String mode) {
    return mode.startsWith("grpc-");
  }

  /** grpc-java's OpenTelemetry module set up for {@code mode}, or null for grpc-off. */
  static GrpcOpenTelemetry module(String mode, AtomicLong spans) {
    if (!mode.equals("grpc-on10")) {
      return null;
    }
    OpenTelemetrySdk sdk = ObservabilityBench.sdk(spans, 0.1, true)
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(DROPPING).setInterval(Duration.ofSeconds(30)).build())
            .build())
        .build();
    GrpcOpenTelemetry.Builder b = GrpcOpenTelemetry.newBuilder().sdk(sdk);
    InternalGrpcOpenTelemetry.enableTracing(b, true);
    return b.build();
  }

  /** A grpc-java server with the bench service on 127.0.0.1, ephemeral port; {@code stop} ends it. */
  record Started(int port, Runnable stop) {}

  static Started server(String mode, ExecutorService pool, AtomicLong spans) throws Exception {
    EventLoopGroup boss = EventLoops.create("grpc-boss", 1);
    EventLoopGroup workers = EventLoops.create("grpc-server-io", 1);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .channelType(EventLoops.serverSocketChannel())
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .executor(pool)
        .addService(GrpcBenchService.bind());
    GrpcOpenTelemetry otel = module(mode, spans);
    if (otel != null) {
      otel.configureServerBuilder(b);
    }
    Server server = b.build().start();
    return new Started(server.getPort(), () -> {
      server.shutdownNow();
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    });
  }

  static BenchClient client(String mode, int port, int executorThreads, AtomicLong spans) {
    GrpcOpenTelemetry otel = module(mode, spans);
    Consumer<NettyChannelBuilder> configure = otel == null ? b -> {} : otel::configureChannelBuilder;
    return Clients.grpc(port, executorThreads, configure);
  }

  private static final MetricExporter DROPPING = new MetricExporter() {
    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  };
}
