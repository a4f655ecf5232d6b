package io.triple.opentelemetry.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import io.triple.CallOptions;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.bootstrap.Dubbo;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ServiceConfig;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dubbo.tracing: the tracing interceptors on every service and reference, and the OpenTelemetry behind them. */
class TracingExtensionTest {
  private static final Marshaller<String> STRING = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };
  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.of("test.Echo", "echo", MethodType.UNARY, STRING, STRING);
  private static final ServiceDefinition ECHO_SERVICE = ServiceDefinition.builder("test.Echo")
      .addMethod(ECHO, ServerCalls.unaryCall(CompletableFuture::completedFuture)).build();

  private static final String YAML = """
      dubbo:
        protocols:
          triple: {ip: 127.0.0.1, port: PORT}
        provider:
          filter: capture
          services:
            EchoProvider:
              interface: test.Echo
        consumer:
          references:
            Echo:
              interface: test.Echo
              url: tri://127.0.0.1:PORT
        tracing:
          enabled: true
      TRACING""";

  /** The request headers the provider saw, by name (a filter of this test's own). */
  private final Map<String, String> headers = new ConcurrentHashMap<>();

  private final ServerInterceptorFactory capture = new ServerInterceptorFactory() {
    @Override
    public String name() {
      return "capture";
    }

    @Override
    public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
      return new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata md,
            ServerCallHandler<ReqT, RespT> next) {
          for (String k : md.keys()) {
            String v = md.get(k);
            if (v != null) {
              headers.put(k, v);
            }
          }
          return next.startCall(call, md);
        }
      };
    }
  };

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path yaml(Path dir, String tracing) throws IOException {
    Path file = dir.resolve("dubbo.yaml");
    Files.writeString(file, YAML.replace("PORT", Integer.toString(freePort())).replace("TRACING", tracing));
    return file;
  }

  /** One call through a Dubbo with this extension and {@code tracing} keys besides enabled. */
  private void call(Path dir, String tracing, TracingExtension extension) throws Exception {
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml(dir, tracing)))
        .extension(extension).interceptorFactory(capture).register(ECHO_SERVICE).start()) {
      assertEquals("x", ClientCalls.blockingUnary(dubbo.channel("Echo"), ECHO, CallOptions.DEFAULT, "x"));
    }
  }

  /** Keeps what it exported past shutdown (the SDK Dubbo built is closed with Dubbo). */
  private static final class KeptSpans implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
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

    List<SpanData> getFinishedSpanItems() {
      return spans;
    }
  }

  private static void assertOneTrace(List<SpanData> spans) {
    assertEquals(List.of(SpanKind.SERVER, SpanKind.CLIENT), spans.stream().map(SpanData::getKind).toList());
    assertEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
    assertEquals(spans.get(1).getSpanId(), spans.get(0).getParentSpanId());
    assertEquals("test.Echo/echo", spans.get(0).getName());
  }

  @Test
  void anSdkOfItsOwnTracesEveryServiceAndReference(@TempDir Path dir) throws Exception {
    KeptSpans spans = new KeptSpans();
    // No filter names the tracing interceptors: dubbo.tracing.enabled puts them on both sides.
    call(dir, "    sampling: {probability: 1.0}\n",
        new TracingExtension(null, ClassPresence.CLASS_PATH, List.of(SimpleSpanProcessor.create(spans))));
    assertOneTrace(spans.getFinishedSpanItems());
    assertTrue(headers.containsKey("traceparent"), "W3C by default: " + headers.keySet());
    assertTrue(!headers.containsKey("b3"), headers.keySet().toString());
  }

  @Test
  void aProbabilityOfZeroRecordsNoNewTrace(@TempDir Path dir) throws Exception {
    KeptSpans spans = new KeptSpans();
    call(dir, "    sampling: {probability: 0.0}\n",
        new TracingExtension(null, ClassPresence.CLASS_PATH, List.of(SimpleSpanProcessor.create(spans))));
    assertEquals(List.of(), spans.getFinishedSpanItems());
    // The decision still travels, so the provider follows the caller's (parent-based sampler).
    String flags = headers.get("traceparent").substring(headers.get("traceparent").lastIndexOf('-') + 1);
    assertEquals(0, Integer.parseInt(flags, 16) & 1, "not sampled: " + headers.get("traceparent"));
  }

  @Test
  void b3WhenItsPropagatorIsOnTheClassPath(@TempDir Path dir) throws Exception {
    KeptSpans spans = new KeptSpans();
    call(dir, "    sampling: {probability: 1.0}\n    propagation: {type: B3}\n",
        new TracingExtension(null, ClassPresence.CLASS_PATH, List.of(SimpleSpanProcessor.create(spans))));
    assertOneTrace(spans.getFinishedSpanItems());
    assertTrue(headers.get("b3").startsWith(spans.getFinishedSpanItems().get(0).getTraceId() + "-"),
        "Dubbo's single b3 header: " + headers);
    assertTrue(!headers.containsKey("traceparent"), headers.keySet().toString());

    Predicate<String> noB3 = c -> !c.equals(ClassPresence.B3);
    ConfigException e = assertThrows(ConfigException.class, () -> call(dir, "    propagation: {type: B3}\n",
        new TracingExtension(null, noB3, List.of())));
    assertTrue(e.getMessage().contains("dubbo.yaml: dubbo.tracing.propagation.type: B3 needs"), e.getMessage());
    assertTrue(e.getMessage().contains("opentelemetry-extension-trace-propagators"), e.getMessage());
  }

  @Test
  void withoutAnyOpenTelemetryStartFailsNamingTheKey(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> call(dir, "", new TracingExtension(null, c -> false, List.of())));
    assertTrue(e.getMessage().contains("dubbo.yaml: dubbo.tracing.enabled: tracing is on, but there is no"
        + " OpenTelemetry"), e.getMessage());
    assertTrue(e.getMessage().contains("io.opentelemetry:opentelemetry-sdk"), e.getMessage());
  }

  @Test
  void zipkinIsRefusedNamingTheKey(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> call(dir,
        "    tracing-exporter: {zipkin-config: {endpoint: 'http://127.0.0.1:9411/api/v2/spans'}}\n",
        new TracingExtension()));
    assertTrue(e.getMessage().contains("dubbo.tracing.tracing_exporter.zipkin_config.endpoint: there is no Zipkin"),
        e.getMessage());
  }

  @Test
  void theApplicationsGlobalOpenTelemetryWins(@TempDir Path dir) throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
      GlobalOpenTelemetry.resetForTest(); // another test's GlobalOpenTelemetry.get() may have set the no-op
      GlobalOpenTelemetry.set(sdk);
      try {
        // Its sampler (always on) wins over the key's 0.0; its propagators (none here) too.
        call(dir, "    sampling: {probability: 0.0}\n", new TracingExtension());
      } finally {
        GlobalOpenTelemetry.resetForTest();
      }
      // Read before the SDK closes (closing clears the in-memory exporter).
      List<SpanData> all = spans.getFinishedSpanItems();
      assertEquals(List.of(SpanKind.SERVER, SpanKind.CLIENT), all.stream().map(SpanData::getKind).toList());
    }
  }

  /** A collector's OTLP/gRPC TraceService on a TripleServer: the export requests it received. */
  private static final class Collector implements AutoCloseable {
    final List<byte[]> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> headers = new ConcurrentHashMap<>();
    final TripleServer server;

    Collector() throws IOException {
      Marshaller<byte[]> bytes = new Marshaller<>() {
        @Override
        public void serialize(byte[] value, OutputStream out) throws IOException {
          out.write(value);
        }

        @Override
        public byte[] parse(InputStream in) throws IOException {
          return in.readAllBytes();
        }
      };
      MethodDescriptor<byte[], byte[]> export = MethodDescriptor.of(
          "opentelemetry.proto.collector.trace.v1.TraceService", "Export", MethodType.UNARY, bytes, bytes);
      ServerInterceptor headerCapture = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata md,
            ServerCallHandler<ReqT, RespT> next) {
          for (String k : md.keys()) {
            String v = md.get(k);
            if (v != null) {
              headers.put(k, v);
            }
          }
          return next.startCall(call, md);
        }
      };
      server = TripleServer.builder().host("127.0.0.1").port(0).intercept(headerCapture)
          .addService(ServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
              .addMethod(export, ServerCalls.unaryCall(r -> {
                requests.add(r);
                return CompletableFuture.completedFuture(new byte[0]); // an empty ExportTraceServiceResponse
              })).build())
          .build().start();
    }

    @Override
    public void close() {
      server.shutdownNow();
    }
  }

  @Test
  void exportsOverOtlpToACollector(@TempDir Path dir) throws Exception {
    try (Collector collector = new Collector()) {
      call(dir, """
              sampling: {probability: 1.0}
              tracing-exporter:
                otlp-config:
                  endpoint: http://127.0.0.1:%d
                  headers: {x-token: abc}
          """.formatted(collector.server.port()), new TracingExtension());
      // Dubbo's shutdown closed the SDK, which flushed the batch processor: the spans were sent.
      String sent = String.join("|", collector.requests.stream()
          .map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
      assertTrue(sent.contains("test.Echo/echo"), "the spans' names in the export requests");
      assertEquals("abc", collector.headers.get("x-token"));
    }
    ConfigException e = assertThrows(ConfigException.class, () -> call(dir,
        "    tracing-exporter: {otlp-config: {endpoint: 'http://127.0.0.1:4317'}}\n",
        new TracingExtension(null, c -> !c.equals(ClassPresence.OTLP), List.of())));
    assertTrue(e.getMessage().contains("dubbo.tracing.tracing_exporter.otlp_config.endpoint: exporting to"
        + " http://127.0.0.1:4317 needs OpenTelemetry's OTLP exporter"), e.getMessage());
  }
}
