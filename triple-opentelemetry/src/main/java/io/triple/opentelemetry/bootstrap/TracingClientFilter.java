package io.triple.opentelemetry.bootstrap;

import io.triple.ClientInterceptor;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.config.ReferenceConfig;
import io.triple.opentelemetry.TripleTracing;
import java.util.Objects;

/**
 * The filter name {@code tracing} for a reference's {@code filter}: a CLIENT span per call, its
 * context sent in the request metadata ({@link TripleTracing#clientInterceptor()}). Found on the
 * class path, it traces through {@code GlobalOpenTelemetry}; {@code Dubbo.create().interceptorFactory(new
 * TracingClientFilter(tracing))} uses yours.
 */
public final class TracingClientFilter implements ClientInterceptorFactory {
  private TripleTracing tracing;

  /** Through {@code GlobalOpenTelemetry}, looked up when the first reference channel is made. */
  public TracingClientFilter() {}

  public TracingClientFilter(TripleTracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public String name() {
    return "tracing";
  }

  @Override
  public synchronized ClientInterceptor create(String referenceId, ReferenceConfig reference) {
    if (tracing == null) {
      tracing = TripleTracing.global();
    }
    return tracing.clientInterceptor();
  }
}
