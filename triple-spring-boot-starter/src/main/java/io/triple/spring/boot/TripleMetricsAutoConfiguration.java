package io.triple.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.triple.bootstrap.Dubbo;
import io.triple.config.RootConfig;
import io.triple.micrometer.bootstrap.HistogramSettings;
import io.triple.micrometer.TripleMetrics;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * RPC metrics into Spring's {@link MeterRegistry} (Actuator's, or any the application declares)
 * when triple-micrometer is on the class path: {@link TripleMetrics}' server interceptor on every
 * exported service, client interceptor on every reference ({@code rpc.server.*},
 * {@code rpc.client.*}) and connection listeners on every server and every reference's provider
 * channels ({@code triple.server.connections.*}, {@code triple.client.connections.*}, bytes
 * received and sent, flow-control stalls). Replaces the bootstrap's
 * {@code dubbo.metrics} extension (its meters would go to Micrometer's global registry, to which
 * Spring Boot adds its own, and its Prometheus endpoint is Actuator's {@code /actuator/prometheus}
 * here) but keeps its keys: {@code histogram.*} on the durations, {@code enable_registry} and
 * {@code enable_threadpool} into Spring's registry ({@code enable_jvm} is Actuator's own JVM
 * metrics here). Makes the {@code metrics} filter name add nothing. Off with
 * {@code triple.spring.metrics.enabled=false}.
 */
@AutoConfiguration(after = TripleAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({TripleMetrics.class, MeterRegistry.class})
@ConditionalOnBean({Dubbo.class, MeterRegistry.class})
@ConditionalOnProperty(prefix = "triple.spring.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TripleMetricsAutoConfiguration {
  /** Outside the interceptor beans, inside tracing: a call's meters are recorded within its span. */
  static final int ORDER = TripleAutoConfiguration.BEAN_INTERCEPTORS_ORDER - 100;

  /**
   * The meters, into the application's (primary) registry, with the {@code dubbo.metrics.histogram}
   * keys on the call durations; declare one to set its options in code.
   */
  @Bean
  @ConditionalOnMissingBean
  TripleMetrics tripleMetrics(MeterRegistry registry, RootConfig config) {
    if (config.metrics().pushgateway().enabled()) {
      // Not silently: a Dubbo file moved under Spring Boot keeps its section, which does nothing here.
      LoggerFactory.getLogger(TripleMetricsAutoConfiguration.class).warn("dubbo.metrics.prometheus.pushgateway"
          + " is not used under Spring Boot: the meters go to Spring's registry; push them with Spring Boot's"
          + " management.prometheus.metrics.export.pushgateway.* (io.prometheus:prometheus-metrics-exporter-pushgateway"
          + " on the class path)");
    }
    return HistogramSettings.apply(TripleMetrics.builder(registry), config.metrics()).build();
  }

  /** Named as the bootstrap's {@code dubbo.metrics} extension, which it replaces. */
  @Bean
  MetricsBinding tripleMetricsBinding(TripleMetrics metrics) {
    return new MetricsBinding(metrics, ORDER);
  }

  @Bean
  PassThroughFilter tripleMetricsFilter() {
    return new PassThroughFilter("metrics");
  }
}
