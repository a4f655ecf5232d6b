package io.triple.opentelemetry.bootstrap;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import io.triple.config.TracingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK {@code dubbo.tracing} builds when the application installed none, as
 * Dubbo 3.3's {@code OpenTelemetryProvider} builds its own: a parent-based trace-id-ratio sampler
 * ({@code sampling.probability}), W3C trace context or B3 single-header propagation
 * ({@code propagation.type}) with W3C baggage ({@code baggage.enabled}), and an OTLP/gRPC exporter
 * ({@code tracing_exporter.otlp_config}) behind a batch processor. Loaded only when the SDK is on
 * the class path; the exporter and B3 classes only when the keys ask for them.
 */
final class TracingSdk {
  private static final Logger log = LoggerFactory.getLogger(TracingSdk.class);

  private TracingSdk() {}

  /**
   * The SDK for {@code cfg}'s {@code dubbo.tracing}; {@code extraProcessors} (SpanProcessors) are
   * added after the exporter's (tests). Declared as the API's type so that callers name no SDK
   * class (they are loaded without the SDK on the class path); it is an {@link OpenTelemetrySdk},
   * to be closed.
   *
   * @throws ConfigException naming the key whose artifact is missing
   */
  static io.opentelemetry.api.OpenTelemetry build(RootConfig cfg, Predicate<String> present, List<?> extraProcessors) {
    TracingConfig t = cfg.tracing();
    SdkTracerProviderBuilder tracer = SdkTracerProvider.builder()
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(t.samplingProbability())));
    if (!t.otlpEndpoint().isEmpty()) {
      if (!present.test(ClassPresence.OTLP)) {
        throw new ConfigException(cfg.source(), "dubbo.tracing.tracing_exporter.otlp_config.endpoint",
            "exporting to " + t.otlpEndpoint() + " needs OpenTelemetry's OTLP exporter on the class path: add"
                + " io.opentelemetry:opentelemetry-exporter-otlp");
      }
      tracer.addSpanProcessor(BatchSpanProcessor.builder(otlp(t)).build());
    } else {
      log.warn("{}: dubbo.tracing is on without an exporter: spans are sampled and their context propagated,"
          + " but not sent anywhere; set dubbo.tracing.tracing_exporter.otlp_config.endpoint", cfg.source());
    }
    for (Object p : extraProcessors) {
      tracer.addSpanProcessor((SpanProcessor) p);
    }
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracer.build())
        .setPropagators(ContextPropagators.create(propagator(cfg, present)))
        .build();
  }

  private static OtlpGrpcSpanExporter otlp(TracingConfig t) {
    OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder()
        .setEndpoint(t.otlpEndpoint())
        .setTimeout(t.otlpTimeout())
        .setCompression(t.otlpCompression());
    t.otlpHeaders().forEach(b::addHeader);
    return b.build();
  }

  private static TextMapPropagator propagator(RootConfig cfg, Predicate<String> present) {
    TracingConfig t = cfg.tracing();
    List<TextMapPropagator> all = new ArrayList<>();
    if (t.propagationType().equals("B3")) {
      if (!present.test(ClassPresence.B3)) {
        throw new ConfigException(cfg.source(), "dubbo.tracing.propagation.type", "B3 needs OpenTelemetry's B3"
            + " propagator on the class path: add io.opentelemetry:opentelemetry-extension-trace-propagators,"
            + " or use W3C");
      }
      all.add(B3Propagator.injectingSingleHeader()); // Dubbo's choice too: the one b3 header
    } else {
      all.add(W3CTraceContextPropagator.getInstance());
    }
    if (t.baggageEnabled()) {
      all.add(W3CBaggagePropagator.getInstance());
    }
    return TextMapPropagator.composite(all);
  }
}
