package io.triple.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/** The beans annotated {@link TripleService}, found by their definitions, with their service interface. */
final class ServiceBeans {
  private ServiceBeans() {}

  /** One annotated bean: its name, service interface, annotation. */
  record ServiceBean(String beanName, Class<?> iface, TripleService annotation) {
    String serviceName() {
      return ServiceTypes.serviceName(iface);
    }
  }

  static List<ServiceBean> find(ListableBeanFactory beans) {
    List<ServiceBean> out = new ArrayList<>();
    for (String name : beans.getBeanNamesForAnnotation(TripleService.class)) {
      TripleService a = beans.findAnnotationOnBean(name, TripleService.class, false);
      Class<?> type = beans.getType(name, false);
      if (a == null || type == null) {
        continue;
      }
      out.add(new ServiceBean(name, serviceInterface(name, ClassUtils.getUserClass(type), a), a));
    }
    return out;
  }

  /**
   * The annotation's {@code interfaceClass}, else the one generated service interface the class
   * implements, else its one interface outside java.* and Spring.
   */
  static Class<?> serviceInterface(String beanName, Class<?> type, TripleService a) {
    if (a.interfaceClass() != void.class) {
      if (!a.interfaceClass().isInterface() || !a.interfaceClass().isAssignableFrom(type)) {
        throw new IllegalArgumentException("@TripleService on bean '" + beanName + "': interfaceClass "
            + a.interfaceClass().getName() + " is not an interface " + type.getName() + " implements");
      }
      return a.interfaceClass();
    }
    List<Class<?>> generated = new ArrayList<>();
    List<Class<?>> plain = new ArrayList<>();
    for (Class<?> i : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (ServiceTypes.generatedServiceName(i) != null) {
        generated.add(i);
      } else if (!i.getName().startsWith("java.") && !i.getName().startsWith("org.springframework.")) {
        plain.add(i);
      }
    }
    List<Class<?>> candidates = generated.isEmpty() ? plain : generated;
    if (candidates.size() != 1) {
      throw new IllegalArgumentException("@TripleService on bean '" + beanName + "' (" + type.getName() + "): "
          + (candidates.isEmpty() ? "it implements no service interface"
              : "it implements several service interfaces " + names(candidates))
          + "; name the one to export with interfaceClass");
    }
    return candidates.get(0);
  }

  private static List<String> names(List<Class<?>> types) {
    return types.stream().map(Class::getName).toList();
  }

  /**
   * Entries under {@code dubbo.provider.services} for beans whose annotation sets any of its
   * attributes and whose interface no configured entry names: id the bean name.
   */
  static Map<String, Object> entries(List<ServiceBean> beans, java.util.Collection<String> configuredInterfaces,
      org.springframework.core.env.Environment env) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ServiceBean b : beans) {
      TripleService a = b.annotation();
      String version = env.resolvePlaceholders(a.version()).trim();
      String group = env.resolvePlaceholders(a.group()).trim();
      String protocol = env.resolvePlaceholders(a.protocol()).trim();
      List<String> filter = java.util.Arrays.stream(a.filter()).map(env::resolvePlaceholders).map(String::trim)
          .filter(f -> !f.isEmpty()).toList();
      Map<String, String> more = new LinkedHashMap<>();
      for (var kv : Map.of("timeout", a.timeout(), "retries", a.retries(), "weight", a.weight(), "tag", a.tag(),
          "register", a.register()).entrySet()) {
        String v = env.resolvePlaceholders(kv.getValue()).trim();
        if (!v.isEmpty()) {
          more.put(kv.getKey(), v);
        }
      }
      if (version.isEmpty() && group.isEmpty() && protocol.isEmpty() && filter.isEmpty() && more.isEmpty()) {
        continue;
      }
      if (configuredInterfaces.contains(b.serviceName())) {
        org.slf4j.LoggerFactory.getLogger(ServiceBeans.class).info("@TripleService on bean '{}': {} is configured"
            + " under dubbo.provider.services; the annotation's attributes are not used",
            b.beanName(), b.serviceName());
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("interface", b.serviceName());
      if (!version.isEmpty()) {
        entry.put("version", version);
      }
      if (!group.isEmpty()) {
        entry.put("group", group);
      }
      if (!protocol.isEmpty()) {
        entry.put("protocol", protocol);
      }
      if (!filter.isEmpty()) {
        entry.put("filter", new java.util.ArrayList<>(filter));
      }
      entry.putAll(more);
      out.put(b.beanName(), entry);
    }
    return out;
  }
}
