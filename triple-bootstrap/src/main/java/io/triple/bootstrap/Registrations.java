package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The implementations code registered, by service name, in registration order: generated
 * services' definitions as given, and interface (POJO) implementations, which become services
 * only at start, once the configuration (guard, serializations) is known.
 */
final class Registrations {
  private final Map<String, Function<PojoExports, ServiceDefinition>> byName = new LinkedHashMap<>();

  void add(ServiceDefinition service) {
    put(service.serviceName(), p -> service);
  }

  /**
   * A plain Java interface's implementation, made a service at start; a generated one's is bound
   * now with its {@code XxxTriple.bindService}. Checked now, so a wrong argument fails where it
   * was passed rather than at start.
   */
  <T> void add(Class<T> iface, T impl) {
    if (!Objects.requireNonNull(iface, "iface").isInterface()) {
      throw new IllegalArgumentException(iface.getName() + " is not an interface; register a generated service"
          + " with register(XxxTriple.bindService(impl))");
    }
    if (!iface.isInstance(Objects.requireNonNull(impl, "impl"))) {
      throw new IllegalArgumentException(impl.getClass().getName() + " does not implement " + iface.getName());
    }
    Method bind = GeneratedServices.bindService(iface);
    if (bind != null) {
      // Served as a plain interface it would answer on the Java name in the wrapper mode, where
      // its callers (generated clients, gRPC, Dubbo's IDL mode) speak protobuf on the proto name.
      add(GeneratedServices.bind(bind, impl));
      return;
    }
    put(iface.getName(), p -> p.build(iface, impl));
  }

  private void put(String name, Function<PojoExports, ServiceDefinition> service) {
    if (byName.putIfAbsent(name, service) != null) {
      throw new IllegalArgumentException("Service " + name + " registered twice");
    }
  }

  boolean contains(String serviceName) {
    return byName.containsKey(serviceName);
  }

  /** Every registration as a service, POJO ones made by {@code pojo}. */
  boolean isEmpty() {
    return byName.isEmpty();
  }

  Map<String, ServiceDefinition> definitions(PojoExports pojo) {
    Map<String, ServiceDefinition> out = new LinkedHashMap<>();
    byName.forEach((name, make) -> out.put(name, make.apply(pojo)));
    return out;
  }
}
