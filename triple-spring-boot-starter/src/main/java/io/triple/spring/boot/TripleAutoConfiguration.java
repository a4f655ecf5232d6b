package io.triple.spring.boot;

import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.Dubbo;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.RootConfig;
import io.triple.pojo.InstalledSerializations;
import io.triple.pojo.spi.Serialization;
import io.triple.registry.RegistryFactory;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * triple-java in a Spring Boot application: the {@code dubbo.*} configuration read from the
 * Spring Environment ({@link RootConfig}), a {@link Dubbo} bootstrap over it (with the
 * {@link ServerInterceptorFactory} and {@link ClientInterceptorFactory} beans), {@link TripleService}
 * beans exported by servers started and stopped with the application context
 * ({@link TripleLifecycle}), {@link TripleReference} fields injected. Off with
 * {@code triple.spring.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(Dubbo.class)
@ConditionalOnProperty(prefix = "triple.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TripleAutoConfiguration {
  /** Where the interceptor beans run among the extensions: after tracing and metrics (negative orders). */
  static final int BEAN_INTERCEPTORS_ORDER = 0;

  /** The references {@link TripleReference} fields describe; shared by the configuration and the injector. */
  @Bean
  static AnnotatedReferences tripleAnnotatedReferences(Environment environment) {
    return new AnnotatedReferences(environment);
  }

  /** Injects {@link TripleReference} fields; static, as bean post-processors are made early. */
  @Bean
  static TripleReferenceInjector tripleReferenceInjector(ObjectProvider<Dubbo> dubbo,
      ObjectProvider<RootConfig> config, ObjectProvider<AnnotatedReferences> references) {
    return new TripleReferenceInjector(dubbo, config, references);
  }

  /** Resolves {@link TripleReference} constructor parameters. */
  @Bean
  static ReferenceParameterResolver tripleReferenceParameterResolver(ObjectProvider<TripleReferenceInjector> injector) {
    return new ReferenceParameterResolver(injector);
  }

  /** A bean for each reference under {@code dubbo.consumer.references}. */
  @Bean
  static ReferenceBeans tripleReferenceBeans(Environment environment, ObjectProvider<TripleReferenceInjector> injector) {
    return new ReferenceBeans(environment, injector);
  }

  /**
   * The configuration: the Environment's {@code dubbo.*} keys checked as dubbo.yaml's are; an
   * error fails startup with a {@link io.triple.config.ConfigException} naming the key.
   */
  @Bean
  @ConditionalOnMissingBean
  RootConfig tripleConfig(Environment environment, ConfigurableListableBeanFactory beanFactory,
      AnnotatedReferences references) {
    return TripleConfigFactory.create(environment, beanFactory, references);
  }

  /**
   * The bootstrap, with the application's contributions: {@link ServerInterceptorFactory} and
   * {@link ClientInterceptorFactory} beans (names for {@code filter} lists), {@link DubboExtension}
   * beans (among them {@link #tripleBeanInterceptors}: {@link ServerInterceptor} and
   * {@link ClientInterceptor} beans run on every service and reference), {@link RegistryFactory}
   * beans (each used for its protocol instead of the class path's) and {@link Serialization} beans
   * (installed for interface services beside the class path's, by name). Closed (servers, reference
   * channels, registries) when the context closes.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Dubbo tripleDubbo(RootConfig config, ObjectProvider<ServerInterceptorFactory> serverInterceptors,
      ObjectProvider<ClientInterceptorFactory> clientInterceptors, ObjectProvider<DubboExtension> extensions,
      ObjectProvider<RegistryFactory> registries, ObjectProvider<Serialization> serializations) {
    // Before anything is exported or referenced: services and clients take the serializations
    // installed when they are built.
    serializations.orderedStream().forEach(InstalledSerializations::register);
    Dubbo dubbo = Dubbo.create().withConfig(config);
    serverInterceptors.orderedStream().forEach(dubbo::interceptorFactory);
    clientInterceptors.orderedStream().forEach(dubbo::interceptorFactory);
    extensions.orderedStream().forEach(dubbo::extension);
    registries.orderedStream().forEach(dubbo::registryFactory);
    return dubbo;
  }

  /**
   * {@link ServerInterceptor} beans in front of every exported service, {@link ClientInterceptor}
   * beans in front of every reference, in the beans' order ({@code @Order}, {@code Ordered}),
   * after the starter's metrics and tracing and before the built-in interceptors and
   * {@code filter} lists.
   */
  @Bean
  static GlobalInterceptors tripleBeanInterceptors(ObjectProvider<ServerInterceptor> server,
      ObjectProvider<ClientInterceptor> client) {
    return new GlobalInterceptors("spring-interceptor-beans", BEAN_INTERCEPTORS_ORDER,
        () -> server.orderedStream().toList(), () -> client.orderedStream().toList());
  }

  /**
   * Starts the servers once every bean is ready and shuts them down gracefully when the context
   * stops; waits for calls in flight up to {@code spring.lifecycle.timeout-per-shutdown-phase}
   * (default 30 s).
   */
  @Bean
  @ConditionalOnMissingBean
  TripleLifecycle tripleLifecycle(Dubbo dubbo, RootConfig config, ApplicationContext context, Environment environment) {
    Duration drain = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
        Duration.ofSeconds(30));
    return new TripleLifecycle(dubbo, config, context, drain);
  }
}
