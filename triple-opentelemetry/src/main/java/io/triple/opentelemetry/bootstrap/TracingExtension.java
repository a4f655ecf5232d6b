package io.triple.opentelemetry.bootstrap;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import io.triple.config.TracingConfig;
import io.triple.opentelemetry.TripleTracing;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dubbo.tracing}: with {@code enabled: true}, the tracing interceptors on every exported
 * service and every reference (before the interceptors their configuration asks for), tracing
 * through, in this order:
 *
 * <ol>
 *   <li>the {@code OpenTelemetry} given in code ({@code Dubbo.create().extension(new
 *       TracingExtension(otel))});
 *   <li>{@code GlobalOpenTelemetry}, when the application or the Java agent installed one: its own
 *       sampling, propagation and exporters apply, and {@code dubbo.tracing}'s other keys do not;
 *   <li>else an SDK of its own built from {@code dubbo.tracing} ({@link TracingSdk}), when
 *       {@code opentelemetry-sdk} is on the class path; closed (spans flushed) at shutdown.
 * </ol>
 *
 * <p>With none of these, start-up fails with a {@link ConfigException} naming
 * {@code dubbo.tracing.enabled} and what to add. Off (nothing created) without
 * {@code enabled: true}.
 */
public final class TracingExtension implements DubboExtension {
  private static final Logger log = LoggerFactory.getLogger(TracingExtension.class);

  private final OpenTelemetry given;
  private final Predicate<String> present;
  private final List<?> extraProcessors;

  /** As found on the class path. */
  public TracingExtension() {
    this(null, ClassPresence.CLASS_PATH, List.of());
  }

  /** Traces through {@code openTelemetry} when {@code dubbo.tracing.enabled} is true. */
  public TracingExtension(OpenTelemetry openTelemetry) {
    this(Objects.requireNonNull(openTelemetry, "openTelemetry"), ClassPresence.CLASS_PATH, List.of());
  }

  /** For tests: which optional classes count as present, and SpanProcessors added to a built SDK. */
  TracingExtension(OpenTelemetry given, Predicate<String> present, List<?> extraProcessors) {
    this.given = given;
    this.present = present;
    this.extraProcessors = List.copyOf(extraProcessors);
  }

  /**
   * {@code tracing}: the name the Spring Boot starter's tracing (through the application's
   * {@code OpenTelemetry} bean) has too, so that it replaces this one rather than tracing twice.
   */
  @Override
  public String name() {
    return "tracing";
  }

  @Override
  public Active activate(RootConfig config) {
    TracingConfig t = config.tracing();
    if (!t.enabled()) {
      return null;
    }
    if (!t.zipkinEndpoint().isEmpty()) {
      throw new ConfigException(config.source(), "dubbo.tracing.tracing_exporter.zipkin_config.endpoint",
          "there is no Zipkin exporter here; export with OTLP (dubbo.tracing.tracing_exporter.otlp_config.endpoint)"
              + " to an OpenTelemetry Collector, or to Zipkin's or Jaeger's OTLP endpoint");
    }
    OpenTelemetry otel;
    AutoCloseable owned = null;
    if (given != null) {
      otel = given;
      log.info("dubbo.tracing: tracing through the OpenTelemetry given in code; its own sampler, propagators and"
          + " exporters apply");
    } else if (globalInstalled()) {
      otel = GlobalOpenTelemetry.get();
      log.info("dubbo.tracing: tracing through GlobalOpenTelemetry (the application's SDK or the Java agent); its"
          + " sampler, propagators and exporters apply, not dubbo.tracing's sampling, propagation and exporter keys");
    } else if (present.test(ClassPresence.SDK)) {
      otel = TracingSdk.build(config, present, extraProcessors);
      owned = (AutoCloseable) otel; // an OpenTelemetrySdk
      log.info("dubbo.tracing: an OpenTelemetry SDK of its own: {} of new traces sampled, {} propagation{}, {}",
          t.samplingProbability(), t.propagationType(), t.baggageEnabled() ? " and W3C baggage" : "",
          t.otlpEndpoint().isEmpty() ? "no exporter" : "OTLP to " + t.otlpEndpoint());
    } else {
      throw new ConfigException(config.source(), "dubbo.tracing.enabled", "tracing is on, but there is no"
          + " OpenTelemetry to trace with: add io.opentelemetry:opentelemetry-sdk (and"
          + " io.opentelemetry:opentelemetry-exporter-otlp to export), run with the OpenTelemetry Java agent, or"
          + " install an SDK as GlobalOpenTelemetry before Dubbo starts");
    }
    return new Running(TripleTracing.create(otel), owned);
  }

  /**
   * Whether an SDK (the application's, the agent's) is the global one: set, and not the API's
   * no-op, which {@code GlobalOpenTelemetry.get()} installs when it is asked before anyone set one.
   */
  private static boolean globalInstalled() {
    try {
      if (!GlobalOpenTelemetry.isSet()) {
        return false; // not asked: get() would install the no-op, and the application could not set one later
      }
    } catch (NoSuchMethodError olderApi) {
      // An API older than isSet() (Spring Boot 4.0's BOM picks 1.55): get() tells, installing the no-op if unset.
    }
    OpenTelemetry global = GlobalOpenTelemetry.get();
    return global.getTracerProvider() != TracerProvider.noop()
        || global.getPropagators().getTextMapPropagator() != TextMapPropagator.noop();
  }

  private static final class Running implements Active {
    private final TripleTracing tracing;
    private final AutoCloseable owned;

    Running(TripleTracing tracing, AutoCloseable owned) {
      this.tracing = tracing;
      this.owned = owned;
    }

    @Override
    public List<ServerInterceptor> serverInterceptors() {
      return List.of(tracing.serverInterceptor());
    }

    @Override
    public List<ClientInterceptor> clientInterceptors() {
      return List.of(tracing.clientInterceptor());
    }

    @Override
    public void close() {
      if (owned != null) {
        try {
          owned.close(); // flushes the batch processor's spans
        } catch (Exception e) {
          log.warn("Closing the OpenTelemetry SDK of dubbo.tracing failed", e);
        }
      }
    }

    @Override
    public String toString() {
      return "dubbo.tracing";
    }
  }
}
