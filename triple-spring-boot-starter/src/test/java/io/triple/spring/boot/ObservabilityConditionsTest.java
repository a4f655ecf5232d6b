package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.triple.micrometer.TripleMetrics;
import io.triple.opentelemetry.TripleTracing;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the metrics and tracing bindings apply: a MeterRegistry / OpenTelemetry bean, and not switched off. */
class ObservabilityConditionsTest {

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({TripleAutoConfiguration.class, TripleMetricsAutoConfiguration.class,
      TripleTracingAutoConfiguration.class})
  static class Bare {}

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({TripleAutoConfiguration.class, TripleMetricsAutoConfiguration.class,
      TripleTracingAutoConfiguration.class})
  static class WithBeans {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    OpenTelemetry openTelemetry() {
      return OpenTelemetry.noop();
    }
  }

  private static ConfigurableApplicationContext run(Class<?> config, String... properties) {
    return new SpringApplicationBuilder(config).web(WebApplicationType.NONE)
        .properties("spring.config.name=none").properties(properties).run();
  }

  @Test
  void onWithTheBeansTheyBindTo() {
    try (ConfigurableApplicationContext ctx = run(WithBeans.class)) {
      assertEquals(1, ctx.getBeansOfType(TripleMetrics.class).size());
      assertTrue(ctx.getBean(TripleMetrics.class).registry() instanceof SimpleMeterRegistry);
      assertEquals(1, ctx.getBeansOfType(TripleTracing.class).size());
    }
  }

  @Test
  void offWithoutThemOrWhenSwitchedOff() {
    try (ConfigurableApplicationContext ctx = run(Bare.class)) {
      assertTrue(ctx.getBeansOfType(TripleMetrics.class).isEmpty());
      assertTrue(ctx.getBeansOfType(TripleTracing.class).isEmpty());
    }
    try (ConfigurableApplicationContext ctx = run(WithBeans.class, "triple.spring.metrics.enabled=false",
        "triple.spring.tracing.enabled=false")) {
      assertTrue(ctx.getBeansOfType(TripleMetrics.class).isEmpty());
      assertTrue(ctx.getBeansOfType(TripleTracing.class).isEmpty());
    }
  }
}
