package io.triple.netty.internal;

import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable lookup from an HTTP/2 {@code :path} to the method that serves it. */
public final class ServerMethodRegistry {
  private final Map<String, ServerMethodDefinition<?, ?>> byPath = new HashMap<>();
  private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();

  public ServerMethodRegistry(Collection<ServiceDefinition> definitions) {
    for (ServiceDefinition def : definitions) {
      if (services.putIfAbsent(def.serviceName(), def) != null) {
        throw new IllegalArgumentException("Service " + def.serviceName() + " added twice");
      }
      for (ServerMethodDefinition<?, ?> m : def.methods()) {
        byPath.put(m.method().path(), m);
      }
    }
  }

  /** The method for a path, or null. */
  ServerMethodDefinition<?, ?> lookup(String path) {
    return byPath.get(path);
  }

  boolean hasService(String serviceName) {
    return services.containsKey(serviceName);
  }

  public List<ServiceDefinition> services() {
    return List.copyOf(services.values());
  }
}
