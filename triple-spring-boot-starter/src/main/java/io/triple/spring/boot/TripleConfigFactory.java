package io.triple.spring.boot;

import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code dubbo.*} tree of the Spring Environment with triple-config's reader (the
 * same keys, spellings, defaults and checks as dubbo.yaml), adding the references that
 * {@link TripleReference} fields describe and the service entries that {@link TripleService}
 * attributes describe.
 */
final class TripleConfigFactory {
  /** The source named in configuration errors. */
  static final String SOURCE = "Spring Environment";

  private TripleConfigFactory() {}

  static RootConfig create(Environment environment, ConfigurableListableBeanFactory beanFactory,
      AnnotatedReferences references) {
    EnvironmentTree env = new EnvironmentTree(environment);
    Map<String, Object> dubbo = env.dubbo();
    references.scan(beanFactory);
    references.addTo(dubbo);
    try {
      RootConfig config = read(dubbo);
      List<ServiceBeans.ServiceBean> beans = ServiceBeans.find(beanFactory);
      Map<String, Object> added = ServiceBeans.entries(beans,
          config.services().values().stream().map(ServiceConfig::interfaceName).toList(), environment);
      if (added.isEmpty()) {
        return config;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> provider = (Map<String, Object>) dubbo.computeIfAbsent("provider", k -> new LinkedHashMap<>());
      @SuppressWarnings("unchecked")
      Map<String, Object> services = (Map<String, Object>) provider.computeIfAbsent("services", k -> new LinkedHashMap<>());
      added.forEach(services::putIfAbsent);
      return read(dubbo);
    } catch (ConfigException e) {
      String origin = env.origin(e.keyPath());
      if (origin == null) {
        throw e;
      }
      throw new ConfigException(e.source(), e.keyPath(), detail(e) + " (set in " + origin + ")", e);
    }
  }

  private static RootConfig read(Map<String, Object> dubbo) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dubbo", dubbo);
    return ConfigLoader.withoutOverrides().loadFromTree(root, SOURCE);
  }

  /** The message without the "source: key: " prefix the exception adds. */
  private static String detail(ConfigException e) {
    String prefix = e.source() + ": " + (e.keyPath() == null ? "" : e.keyPath() + ": ");
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
