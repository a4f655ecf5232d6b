package io.triple.spring.boot;

import io.opentelemetry.api.OpenTelemetry;
import io.triple.bootstrap.Dubbo;
import io.triple.opentelemetry.TripleTracing;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Tracing through the application's {@link OpenTelemetry} bean (its own, or Spring Boot's
 * OpenTelemetry SDK that Micrometer Tracing's OTel bridge uses) when triple-opentelemetry is on
 * the class path: {@link TripleTracing}'s server interceptor (a SERVER span per call, continuing
 * the caller's trace) on every exported service and client interceptor (a CLIENT span, its context
 * sent in the request metadata) on every reference. Makes the {@code tracing} filter name add
 * nothing. Off with {@code triple.spring.tracing.enabled=false}.
 */
@AutoConfiguration(after = TripleAutoConfiguration.class, afterName = {
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"})
@ConditionalOnClass({TripleTracing.class, OpenTelemetry.class})
@ConditionalOnBean({Dubbo.class, OpenTelemetry.class})
@ConditionalOnProperty(prefix = "triple.spring.tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TripleTracingAutoConfiguration {
  /** Outermost: the span covers the metrics and every other interceptor. */
  static final int ORDER = TripleMetricsAutoConfiguration.ORDER - 100;

  @Bean
  @ConditionalOnMissingBean
  TripleTracing tripleTracing(OpenTelemetry openTelemetry) {
    return TripleTracing.create(openTelemetry);
  }

  @Bean
  GlobalInterceptors tripleTracingInterceptors(TripleTracing tracing) {
    return new GlobalInterceptors("tracing", ORDER, () -> List.of(tracing.serverInterceptor()),
        () -> List.of(tracing.clientInterceptor()));
  }

  @Bean
  PassThroughFilter tripleTracingFilter() {
    return new PassThroughFilter("tracing");
  }
}
