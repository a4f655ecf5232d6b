package io.triple.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a client of a Triple service into a field or a constructor parameter: for a generated service interface
 * ({@code Greeter}) or generated client ({@code GreeterClient}), the generated client over the
 * reference's channel; for a plain Java interface, a proxy in Dubbo's wrapper mode
 * ({@code Dubbo.reference}).
 *
 * <p>Either names a reference under {@code dubbo.consumer.references} ({@link #id()}), or
 * describes one here ({@link #url()} and the other attributes), which becomes a reference of its
 * own, with the {@code dubbo.consumer} defaults (timeout, retries, filters, ...) as any other;
 * with neither, the one configured reference whose {@code interface} is the field's service is
 * used. Attributes take {@code ${...}} placeholders.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TripleReference {

  /** Id of a reference under {@code dubbo.consumer.references}. */
  String id() default "";

  /** Where to call: {@code tri://host:port}, several separated by ',' or ';', or a registry ({@code zookeeper://host:port}). */
  String url() default "";

  /** Service version the provider serves; empty for none. */
  String version() default "";

  /** Service group; empty for none. */
  String group() default "";

  /** Deadline of each call: {@code 500ms}, {@code 3s}, {@code 1m}; empty for the consumer default. */
  String timeout() default "";

  /** Ids of registries under {@code dubbo.registries} to find providers in (instead of {@link #url()}). */
  String[] registryIds() default {};

  /** Extra attempts after a call failed before reaching a provider ({@code 0} for none); empty for the consumer default. */
  String retries() default "";

  /** Load balancer: {@code random}, {@code roundrobin}, {@code leastactive}, {@code p2c}; empty for the consumer default. */
  String loadbalance() default "";

  /** Cluster mode: {@code failover}, {@code failfast}, {@code failsafe}, {@code forking}; empty for the consumer default. */
  String cluster() default "";

  /** {@code false}: the channel is made even while no registry lists a provider; empty for the consumer default. */
  String check() default "";

  /** Most calls in flight per provider and method (Dubbo's {@code actives}); empty for the consumer default. */
  String actives() default "";

  /** The tag calls route by (Dubbo's tag routing); empty for the consumer default. */
  String tag() default "";
}
