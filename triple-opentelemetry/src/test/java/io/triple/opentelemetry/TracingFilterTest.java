package io.triple.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.opentelemetry.bootstrap.TracingClientFilter;
import io.triple.opentelemetry.bootstrap.TracingServerFilter;
import io.triple.stub.ClientCalls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter name {@code tracing} in dubbo.yaml, on a service and on a reference. */
class TracingFilterTest {
  private static final String YAML = """
      dubbo:
        protocols:
          triple: {ip: 127.0.0.1, port: PORT}
        provider:
          filter: tracing
          services:
            EchoProvider:
              interface: test.Echo
        consumer:
          references:
            Echo:
              interface: test.Echo
              url: tri://127.0.0.1:PORT
              filter: tracing
      """;

  private static Path yaml(Path dir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("dubbo.yaml");
    Files.writeString(file, YAML.replace("PORT", Integer.toString(port)));
    return file;
  }

  @Test
  void filtersGivenInCodeTraceIntoTheirSdk(@TempDir Path dir) throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build()) {
      TripleTracing tracing = TripleTracing.create(sdk);
      try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml(dir)))
          .interceptorFactory(new TracingServerFilter(tracing))
          .interceptorFactory(new TracingClientFilter(tracing))
          .register(EchoService.definition()).start()) {
        ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x");
      }
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertEquals(List.of(SpanKind.SERVER, SpanKind.CLIENT), spans.stream().map(SpanData::getKind).toList());
      assertEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
      assertEquals(spans.get(1).getSpanId(), spans.get(0).getParentSpanId());
    }
  }

  @Test
  void theClassPathFiltersWorkWithoutAnSdk(@TempDir Path dir) throws Exception {
    assertTrue(TripleTracing.global().noop, "GlobalOpenTelemetry without an SDK: calls pass through");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml(dir)))
        .register(EchoService.definition()).start()) {
      assertEquals("x", ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x"));
    }
  }
}
