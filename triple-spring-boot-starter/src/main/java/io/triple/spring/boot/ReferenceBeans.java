package io.triple.spring.boot;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * A bean for each reference under {@code dubbo.consumer.references}, named by its id, so it is
 * injected with {@code @Autowired} by type, or by name / {@code @Qualifier("id")} when several
 * references share a type: the generated client ({@code XxxClient}, which implements {@code Xxx})
 * for a generated service, else an interface proxy ({@code Dubbo.reference}).
 *
 * <p>The beans are lazy (a reference that nothing injects makes no channel, so a configuration
 * listing references the application does not use starts as before) and fallback candidates: an
 * application serving {@code Xxx} itself still gets its own implementation for an unqualified
 * {@code @Autowired Xxx}. Their {@code close()} is not called by the context: the channel is the
 * reference's, shared, and closed with the {@code Dubbo} bean.
 *
 * <p>The reference's {@code interface} is a Java class name, or the proto service name of a
 * generated service whose {@code XxxTriple} class lies under the application's auto-configuration
 * packages (those of {@code @SpringBootApplication}). A reference whose type is found neither way
 * gets no bean (logged); {@code @TripleReference(id = ...)} still injects it.
 */
final class ReferenceBeans implements BeanDefinitionRegistryPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(ReferenceBeans.class);

  private final Environment environment;
  private final ObjectProvider<TripleReferenceInjector> injector;

  ReferenceBeans(Environment environment, ObjectProvider<TripleReferenceInjector> injector) {
    this.environment = environment;
    this.injector = injector;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
    Map<String, Object> references;
    try {
      references = referenceEntries(new EnvironmentTree(environment).dubbo());
    } catch (RuntimeException e) {
      return; // reported, naming the key, when the configuration bean is made
    }
    ClassLoader loader = registry instanceof ConfigurableListableBeanFactory bf && bf.getBeanClassLoader() != null
        ? bf.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
    GeneratedServices generated = new GeneratedServices(registry, loader);
    references.forEach((id, entry) -> {
      if (!(entry instanceof Map<?, ?>)) {
        return;
      }
      @SuppressWarnings("unchecked")
      Object iface = EnvironmentTree.get((Map<String, Object>) entry, "interface");
      if (iface == null || String.valueOf(iface).isBlank()) {
        return;
      }
      String name = String.valueOf(iface).trim();
      Class<?> type = beanType(name, loader, generated);
      if (type == null) {
        log.info("dubbo.consumer.references.{}: no class found for interface {} (a Java interface, or a generated"
            + " service under the application's packages); no bean for it, inject it with @TripleReference(id = \"{}\")",
            id, name, id);
      } else if (registry.containsBeanDefinition(id)) {
        log.info("dubbo.consumer.references.{}: a bean named '{}' exists already; no reference bean made for it", id, id);
      } else {
        registry.registerBeanDefinition(id, definition(id, type));
      }
    });
  }

  private BeanDefinition definition(String id, Class<?> type) {
    RootBeanDefinition bd = new RootBeanDefinition(type);
    bd.setInstanceSupplier(() -> injector.getObject().client(id, type, "dubbo.consumer.references." + id));
    bd.setLazyInit(true);
    bd.setFallback(true);
    // Not null: Spring would otherwise call an AutoCloseable client's close(), closing the shared channel.
    bd.setDestroyMethodName("");
    bd.setDescription("Triple reference dubbo.consumer.references." + id);
    return bd;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> referenceEntries(Map<String, Object> dubbo) {
    if (EnvironmentTree.get(dubbo, "consumer") instanceof Map<?, ?> consumer
        && EnvironmentTree.get((Map<String, Object>) consumer, "references") instanceof Map<?, ?> refs) {
      return (Map<String, Object>) refs;
    }
    return Map.of();
  }

  /**
   * The bean's type for a reference's interface: the generated client of a generated service,
   * the interface itself otherwise; null when no such type is found.
   */
  static Class<?> beanType(String interfaceName, ClassLoader loader, GeneratedServices generated) {
    Class<?> iface = load(interfaceName, loader);
    if (iface == null) {
      iface = generated.byServiceName().get(interfaceName);
    }
    if (iface == null || !iface.isInterface()) {
      return null;
    }
    ServiceTypes.Target target = ServiceTypes.target(iface, interfaceName);
    return target.generated() ? target.clientFactory().getDeclaringClass() : iface;
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return ClassUtils.forName(name, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * The generated service interfaces under the application's packages, by proto service name:
   * found once (a class path scan for {@code *Triple} classes), when a reference's interface is
   * not a class name.
   */
  static final class GeneratedServices {
    private final BeanDefinitionRegistry registry;
    private final ClassLoader loader;
    private Map<String, Class<?>> byName;

    GeneratedServices(BeanDefinitionRegistry registry, ClassLoader loader) {
      this.registry = registry;
      this.loader = loader;
    }

    Map<String, Class<?>> byServiceName() {
      if (byName == null) {
        byName = new HashMap<>();
        if (registry instanceof BeanFactory bf && AutoConfigurationPackages.has(bf)) {
          ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
          scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().getClassName().endsWith("Triple"));
          for (String pkg : AutoConfigurationPackages.get(bf)) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
              String tripleName = candidate.getBeanClassName();
              Class<?> iface = load(tripleName.substring(0, tripleName.length() - "Triple".length()), loader);
              String service = iface == null ? null : ServiceTypes.generatedServiceName(iface);
              if (service != null) {
                byName.putIfAbsent(service, iface);
              }
            }
          }
        }
      }
      return byName;
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
