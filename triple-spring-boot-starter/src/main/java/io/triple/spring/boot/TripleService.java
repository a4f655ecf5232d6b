package io.triple.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Exports a bean as a Triple service once the application context is refreshed: a bean
 * implementing a generated service interface ({@code Greeter}, bound with its generated
 * {@code GreeterTriple.bindService}) or a plain Java interface (served in Dubbo's wrapper mode,
 * hessian2 or fastjson2). A component: classes carrying it are picked up by component scanning;
 * it may also sit on a {@code @Bean} method.
 *
 * <p>Attributes take {@code ${...}} placeholders. They are those of a {@code dubbo.provider.services.<id>} entry;
 * when the configuration has an entry for the same interface, the entry wins and these are
 * ignored (logged).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface TripleService {

  /** The bean name, as {@link Component#value()}. */
  @AliasFor(annotation = Component.class)
  String value() default "";

  /**
   * The service interface, when the bean implements several interfaces; by default the one
   * generated service interface it implements, else its only interface.
   */
  Class<?> interfaceClass() default void.class;

  /** Service version ({@code tri-service-version}); empty for none. */
  String version() default "";

  /** Service group ({@code tri-service-group}); empty for none. */
  String group() default "";

  /** Id of the protocol under {@code dubbo.protocols} to serve on; required only when several are declared. */
  String protocol() default "";

  /**
   * Interceptor (filter) names for this service, after {@code dubbo.provider.filter}'s: built-in
   * ({@code accesslog}, {@code token}, {@code executes}) or {@code ServerInterceptorFactory} names,
   * beans included.
   */
  String[] filter() default {};

  /** Call timeout published in the registry URL for consumers that set none ({@code 5s}, {@code 5000}); empty for the provider default. */
  String timeout() default "";

  /** Retries published in the registry URL for Dubbo consumers that set none; empty for the provider default. */
  String retries() default "";

  /** Load-balancing weight published in the registry URL; empty for 100. */
  String weight() default "";

  /** Routing tag ({@code gray}): only calls with that tag reach it (Dubbo's tag routing); empty for none. */
  String tag() default "";

  /** {@code false}: exported without being registered anywhere; empty for the provider default. */
  String register() default "";
}
