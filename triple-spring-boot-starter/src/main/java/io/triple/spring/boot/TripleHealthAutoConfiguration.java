package io.triple.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link TripleHealthIndicator} as the health contributor {@code triple} when Spring Boot's
 * health module is present (spring-boot-health, brought by spring-boot-starter-actuator); off
 * with {@code management.health.triple.enabled=false}.
 */
@AutoConfiguration(after = TripleAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(TripleLifecycle.class)
@ConditionalOnEnabledHealthIndicator("triple")
public class TripleHealthAutoConfiguration {

  @Bean(name = "tripleHealthIndicator")
  @ConditionalOnMissingBean(name = "tripleHealthIndicator")
  TripleHealthIndicator tripleHealthIndicator(TripleLifecycle lifecycle) {
    return new TripleHealthIndicator(lifecycle);
  }
}
