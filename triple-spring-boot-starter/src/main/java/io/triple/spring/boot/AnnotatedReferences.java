package io.triple.spring.boot;

import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The references that {@link TripleReference} fields and parameters describe themselves ({@code url} or
 * {@code registryIds}), found in the bean definitions before any bean is made, so each becomes
 * an entry under {@code dubbo.consumer.references} and is read, defaulted ({@code dubbo.consumer})
 * and validated with the configured ones. Fields with the same attributes share one reference
 * (one channel), named after the first: {@code ClassName.field}.
 */
final class AnnotatedReferences {
  private final Environment environment;
  /** Attributes (resolved) to the reference id. */
  private final Map<List<Object>, String> ids = new LinkedHashMap<>();
  /** Reference id to its entry, as the tree under dubbo.consumer.references.<id>. */
  private final Map<String, Map<String, Object>> entries = new LinkedHashMap<>();

  AnnotatedReferences(Environment environment) {
    this.environment = environment;
  }

  /** Scans the classes of every bean definition. */
  void scan(ConfigurableListableBeanFactory beanFactory) {
    for (String name : beanFactory.getBeanDefinitionNames()) {
      Class<?> type;
      try {
        type = beanFactory.getType(name, false);
      } catch (RuntimeException | LinkageError e) {
        continue;
      }
      if (type == null || type.getName().startsWith("org.springframework.")) {
        continue; // Spring's own beans have no @TripleReference
      }
      try {
        scan(ClassUtils.getUserClass(type));
      } catch (LinkageError e) {
        continue; // a class whose members refer to classes absent from the class path: not ours to report
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof LinkageError)) { // ReflectionUtils' wrapping of the same
          throw e;
        }
      }
    }
  }

  /** Fields, and parameters of constructors and methods ({@code @Autowired} methods, {@code @Bean} methods). */
  void scan(Class<?> type) {
    ReflectionUtils.doWithFields(type, f -> describe(Site.of(f), f.getAnnotation(TripleReference.class)),
        f -> f.isAnnotationPresent(TripleReference.class));
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      scanParameters(c);
    }
    ReflectionUtils.doWithMethods(type, this::scanParameters, m -> m.getParameterCount() > 0);
  }

  private void scanParameters(Executable e) {
    Parameter[] params = e.getParameters();
    for (int i = 0; i < params.length; i++) {
      TripleReference a = params[i].getAnnotation(TripleReference.class);
      if (a != null) {
        describe(Site.of(MethodParameter.forExecutable(e, i)), a);
      }
    }
  }

  /**
   * Where a reference is injected: the type, a description for messages, and the id of a
   * reference of its own ({@code Class.field} or {@code Class.parameter}).
   */
  record Site(Class<?> type, String where, String ownId) {
    static Site of(Field f) {
      return new Site(f.getType(), AnnotatedReferences.where(f), f.getDeclaringClass().getSimpleName() + "." + f.getName());
    }

    static Site of(MethodParameter p) {
      p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
      String name = p.getParameterName() != null ? p.getParameterName() : "arg" + p.getParameterIndex();
      return new Site(p.getParameterType(), "parameter " + name + " of " + p.getExecutable(),
          p.getDeclaringClass().getSimpleName() + "." + name);
    }
  }

  /** The attributes of a site's own reference, or null when it names one ({@code id}) or none. */
  private List<Object> key(Site site, TripleReference a) {
    String url = resolve(a.url());
    List<String> registryIds = Arrays.stream(a.registryIds()).map(this::resolve).toList();
    if (url.isEmpty() && registryIds.isEmpty()) {
      return null;
    }
    String where = site.where();
    if (!resolve(a.id()).isEmpty()) {
      throw new IllegalArgumentException("@TripleReference " + where + ": give either id (a reference under"
          + " dubbo.consumer.references) or url/registryIds, not both");
    }
    ServiceTypes.Target target = ServiceTypes.target(site.type(), where);
    return List.of(target.serviceName(), url, registryIds, resolve(a.version()), resolve(a.group()),
        resolve(a.timeout()), resolve(a.retries()), resolve(a.loadbalance()), resolve(a.cluster()),
        resolve(a.check()), resolve(a.actives()), resolve(a.tag()));
  }

  private void describe(Site site, TripleReference a) {
    List<Object> key = key(site, a);
    if (key == null || ids.containsKey(key)) {
      return;
    }
    String id = site.ownId();
    // Another site of that name (a field and a parameter, overloads) with other attributes: a new id.
    for (int n = 2; entries.containsKey(id); n++) {
      id = site.ownId() + n;
    }
    ids.put(key, id);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("interface", key.get(0));
    putIfSet(entry, "url", key.get(1));
    if (!((List<?>) key.get(2)).isEmpty()) {
      entry.put("registry_ids", new ArrayList<>((List<?>) key.get(2)));
    }
    putIfSet(entry, "version", key.get(3));
    putIfSet(entry, "group", key.get(4));
    for (int i = 0; i < OPTIONAL_KEYS.size(); i++) {
      putIfSet(entry, OPTIONAL_KEYS.get(i), key.get(5 + i));
    }
    entries.put(id, entry);
  }

  /** The reference keys of the annotation's optional attributes, in {@link #key}'s order from its sixth. */
  private static final List<String> OPTIONAL_KEYS =
      List.of("timeout", "retries", "loadbalance", "cluster", "check", "actives", "tag");

  private static void putIfSet(Map<String, Object> entry, String key, Object value) {
    if (!String.valueOf(value).isEmpty()) {
      entry.put(key, value);
    }
  }

  /** Adds the entries to the {@code dubbo} tree (a configured reference of the same id wins). */
  @SuppressWarnings("unchecked")
  void addTo(Map<String, Object> dubbo) {
    if (entries.isEmpty()) {
      return;
    }
    Map<String, Object> consumer = (Map<String, Object>) dubbo.computeIfAbsent("consumer", k -> new LinkedHashMap<>());
    Map<String, Object> references =
        (Map<String, Object>) consumer.computeIfAbsent("references", k -> new LinkedHashMap<>());
    entries.forEach(references::putIfAbsent);
  }

  /**
   * The reference id a field uses: its own (url), the one it names (id), or the only configured
   * reference of its service.
   *
   * @throws IllegalArgumentException if it names none and none or several match
   */
  String idFor(Site site, TripleReference a, RootConfig config) {
    String where = site.where();
    String named = resolve(a.id());
    if (!named.isEmpty()) {
      if (!config.references().containsKey(named)) {
        throw new IllegalArgumentException("@TripleReference " + where + ": no reference '" + named
            + "' under dubbo.consumer.references; configured: " + config.references().keySet());
      }
      return named;
    }
    List<Object> key = key(site, a);
    if (key != null) {
      String id = ids.get(key);
      if (id == null) {
        throw new IllegalStateException("@TripleReference " + where + ": the bean was not among the bean"
            + " definitions scanned at startup; name a reference under dubbo.consumer.references with id");
      }
      return id;
    }
    String service = ServiceTypes.target(site.type(), where).serviceName();
    List<String> matching = new ArrayList<>();
    for (Map.Entry<String, ReferenceConfig> e : config.references().entrySet()) {
      if (e.getValue().interfaceName().equals(service)) {
        matching.add(e.getKey());
      }
    }
    if (matching.size() != 1) {
      throw new IllegalArgumentException("@TripleReference " + where + ": give url, or id naming a reference under"
          + " dubbo.consumer.references; " + (matching.isEmpty() ? "none has interface " + service
              : "several have interface " + service + ": " + matching));
    }
    return matching.get(0);
  }

  static String where(Field field) {
    return field.getDeclaringClass().getName() + "." + field.getName();
  }

  private String resolve(String value) {
    return environment.resolvePlaceholders(value).trim();
  }
}
