package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.triple.spring.boot.app.Greeting;
import io.triple.spring.boot.app.HelloImpl;
import io.triple.spring.boot.test.HelloClient;
import io.triple.spring.boot.test.HelloRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Actuator's MeterRegistry and an OpenTelemetry bean, every service and reference is metered
 * into Spring's registry and traced through that OpenTelemetry, once, even where the configuration
 * also names the {@code metrics} and {@code tracing} filters, or turns {@code dubbo.tracing} on;
 * the {@code dubbo.metrics} keys still apply, over Spring's registry.
 */
@SpringBootTest(classes = ObservabilityTest.App.class, properties = {
    "spring.config.name=none",
    "dubbo.protocols.tri.ip=127.0.0.1",
    "dubbo.provider.filter=metrics,tracing",
    "dubbo.consumer.filter=metrics,tracing",
    "dubbo.consumer.references.hello.interface=io.triple.spring.boot.test.Hello",
    "dubbo.consumer.references.hello.url=tri://127.0.0.1:${dubbo.protocols.tri.port}",
    "dubbo.consumer.references.hello.version=1.0.0",
    // dubbo.tracing is not used beside the OpenTelemetry bean: the starter's tracing replaces its
    // extension. Were that extension activated, this endpoint (no Zipkin exporter here) would fail
    // the start-up, naming the key.
    "dubbo.tracing.enabled=true",
    // dubbo.metrics keys still apply, into Spring's registry
    "dubbo.metrics.enable-registry=true",
    "dubbo.metrics.histogram.percentiles[0]=0.5",
    "dubbo.metrics.histogram.percentiles[1]=0.99",
    "dubbo.tracing.tracing-exporter.zipkin-config.endpoint=http://127.0.0.1:9411/api/v2/spans"})
class ObservabilityTest {
  static final int PORT = FreePort.get();
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("dubbo.protocols.tri.port", () -> PORT);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({HelloImpl.class, Greeting.class})
  static class App {
    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry() {
      // W3C trace context, as Spring Boot's OpenTelemetry SDK sets up; the SDK's default propagates nothing.
      return OpenTelemetrySdk.builder()
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
          .build();
    }
  }

  @Autowired MeterRegistry registry;
  @Autowired OpenTelemetry openTelemetry;
  @Autowired HelloClient hello;

  @Test
  void aCallIsMeteredAndTracedOnceOnEachSide() throws InterruptedException {
    assertEquals("hello, observed", hello.sayHello(HelloRequest.newBuilder().setName("observed").build()).getMessage());

    // The server records once its status is sent, which may come after the client has the answer.
    Timer server = await("the server's duration", () -> timer("rpc.server.duration"));
    Timer client = timer("rpc.client.duration");
    assertNotNull(client, registry.getMeters().stream().map(m -> m.getId().toString()).toList().toString());
    assertEquals(1, server.count());
    assertEquals(1, client.count());
    assertEquals("grpc", server.getId().getTag("rpc.system"));
    // The server's connections too: the reference's one, at least.
    io.micrometer.core.instrument.Counter accepted = registry.find("triple.server.connections").counter();
    assertNotNull(accepted, "triple.server.connections");
    assertTrue(accepted.count() >= 1, "connections accepted: " + accepted.count());
    // and the reference's provider channel's, the client end
    io.micrometer.core.instrument.Counter made = registry.find("triple.client.connections").counter();
    assertNotNull(made, "triple.client.connections");
    assertTrue(made.count() >= 1, "connections made: " + made.count());
    // dubbo.metrics.histogram.percentiles and enable_registry, applied over Spring's registry
    assertEquals(2, server.takeSnapshot().percentileValues().length, server.takeSnapshot().toString());
    io.micrometer.core.instrument.Gauge providers =
        registry.find("triple.client.providers").tag("reference", "hello").gauge();
    assertNotNull(providers, "triple.client.providers of the reference");
    assertEquals(1.0, providers.value());

    List<SpanData> spans = await("two spans", () -> SPANS.getFinishedSpanItems().size() >= 2
        ? SPANS.getFinishedSpanItems() : null);
    assertEquals(2, spans.size(), spans.toString());
    SpanData serverSpan = one(spans, SpanKind.SERVER);
    SpanData clientSpan = one(spans, SpanKind.CLIENT);
    assertEquals("spring.test.Hello/sayHello", serverSpan.getName());
    assertEquals(clientSpan.getTraceId(), serverSpan.getTraceId());
    assertEquals(clientSpan.getSpanId(), serverSpan.getParentSpanId()); // the context crossed the wire
  }

  /** The duration timer of spring.test.Hello/sayHello with status OK, or null while there is none. */
  private Timer timer(String name) {
    return registry.find(name).tags("rpc.service", "spring.test.Hello", "rpc.method", "sayHello",
        "rpc.grpc.status_code", "0").timer();
  }

  private static SpanData one(List<SpanData> spans, SpanKind kind) {
    List<SpanData> of = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertEquals(1, of.size(), spans.toString());
    return of.get(0);
  }

  private static <T> T await(String what, Supplier<T> value) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (T v = value.get(); ; v = value.get()) {
      if (v != null) {
        return v;
      }
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
