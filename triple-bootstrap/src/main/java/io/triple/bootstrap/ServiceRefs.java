package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services {@code dubbo.provider.services.<id>.ref} names: Dubbo's {@code ref}, with a class
 * name where Dubbo takes a bean, created with its public no-arg constructor. A plain Java
 * interface becomes a POJO service; a generated .proto service is bound with its generated
 * {@code XxxTriple.bindService(impl)} ({@link GeneratedServices}).
 * Each entry gets an instance of its own, so two entries may serve one interface in two
 * versions with two classes.
 */
final class ServiceRefs {
  // Dubbo's logger: users see and configure these lines under io.triple.bootstrap.Dubbo.
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final RootConfig cfg;
  private final String path;
  private final ServiceConfig sc;
  private final ClassLoader loader;

  private ServiceRefs(RootConfig cfg, String id, ServiceConfig sc) {
    this.cfg = cfg;
    this.path = "dubbo.provider.services." + id;
    this.sc = sc;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : ServiceRefs.class.getClassLoader();
  }

  /**
   * The services of the entries with a {@code ref} whose interface code registered nothing for,
   * by service id. What code registered wins: Dubbo's {@code ref} is the fallback here.
   *
   * @throws ConfigException naming the file and the entry's {@code ref} or {@code interface} key
   */
  static Map<String, ServiceDefinition> of(RootConfig cfg, Registrations registered, PojoExports pojo) {
    Map<String, ServiceDefinition> out = new LinkedHashMap<>();
    cfg.services().forEach((id, sc) -> {
      if (sc.ref().isEmpty()) {
        return;
      }
      if (registered.contains(sc.interfaceName())) {
        log.info("Service {}: serving the implementation registered in code; ref {} is not used",
            sc.interfaceName(), sc.ref());
        return;
      }
      out.put(id, new ServiceRefs(cfg, id, sc).definition(pojo));
    });
    return out;
  }

  private ServiceDefinition definition(PojoExports pojo) {
    Class<?> impl = load(sc.ref());
    if (impl == null) {
      throw error("ref", "class " + sc.ref() + " not found on the class path");
    }
    Class<?> iface = load(sc.interfaceName());
    if (iface == null) {
      // A generated interface lives in the file's java_package, which need not be the proto package.
      iface = generatedInterfaceOf(impl);
      if (iface == null) {
        throw error("interface", "no interface " + sc.interfaceName() + " on the class path, and ref "
            + impl.getName() + " implements no generated service of that name");
      }
    } else if (!iface.isInterface()) {
      throw error("interface", iface.getName() + " is a class, not an interface: name the service interface"
          + " here and its implementation under ref");
    }
    if (!iface.isAssignableFrom(impl)) {
      throw error("ref", impl.getName() + " does not implement " + iface.getName());
    }
    Method bind = GeneratedServices.bindService(iface);
    if (bind != null && !sc.interfaceName().equals(GeneratedServices.serviceName(bind))) {
      String name = GeneratedServices.serviceName(bind);
      throw error("interface", iface.getName() + " is generated for the service " + name + "; set interface: "
          + name);
    }
    Object instance = instantiate(impl);
    return bind == null ? pojo.build(iface, instance) : GeneratedServices.bind(bind, instance);
  }

  private Object instantiate(Class<?> impl) {
    if (impl.isInterface() || Modifier.isAbstract(impl.getModifiers())) {
      throw error("ref", impl.getName() + " is " + (impl.isInterface() ? "an interface" : "abstract")
          + "; name a class with a public no-arg constructor");
    }
    Constructor<?> c;
    try {
      c = impl.getConstructor();
    } catch (NoSuchMethodException e) {
      throw error("ref", impl.getName() + " has no public no-arg constructor; add one, or create the"
          + " instance in code and register it with Dubbo.register");
    }
    try {
      return c.newInstance();
    } catch (InvocationTargetException e) {
      throw new ConfigException(cfg.source(), path + ".ref", "the constructor of " + impl.getName() + " threw "
          + e.getCause(), e.getCause());
    } catch (IllegalAccessException | InstantiationException e) {
      throw error("ref", impl.getName() + " cannot be created from outside its package (" + e.getMessage()
          + "); make the class public");
    }
  }

  /** The class, or null when there is none by that name; a class that fails to load is an error. */
  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (LinkageError e) {
      throw new ConfigException(cfg.source(), path + (name.equals(sc.ref()) ? ".ref" : ".interface"),
          "class " + name + " cannot be loaded: " + e, e);
    }
  }

  /** The generated interface {@code impl} implements whose service is the configured interface. */
  private Class<?> generatedInterfaceOf(Class<?> impl) {
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c = impl; c != null; c = c.getSuperclass()) {
      todo.addAll(List.of(c.getInterfaces()));
    }
    while (!todo.isEmpty()) {
      Class<?> i = todo.poll();
      Method bind = GeneratedServices.bindService(i);
      if (bind != null && sc.interfaceName().equals(GeneratedServices.serviceName(bind))) {
        return i;
      }
      todo.addAll(List.of(i.getInterfaces()));
    }
    return null;
  }

  private ConfigException error(String key, String problem) {
    return new ConfigException(cfg.source(), path + "." + key, problem);
  }
}
