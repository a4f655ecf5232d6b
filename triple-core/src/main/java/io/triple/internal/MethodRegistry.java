package io.triple.internal;

import io.triple.ServerInterceptor;
import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For transports: what a server serves, and the routing from a method's path (plus Dubbo's
 * {@code tri-service-version} and {@code tri-service-group} headers) to the method that serves
 * it. Immutable. One class for every transport, so a call finds the same method (or fails with
 * the same UNIMPLEMENTED description) over the network and in process.
 *
 * <p>Matching: an exact (version, group) match wins; {@code *} in the request matches anything;
 * a request that leaves out version or group (a plain gRPC client leaves out both) is served by
 * the one registration that matches what it did send, if exactly one does; otherwise the call
 * fails with UNIMPLEMENTED listing what is registered.
 */
public final class MethodRegistry {
  /** One servable method of one registration. */
  public record Target(ServerMethodDefinition<?, ?> method, ServiceDefinition service) {}

  private final Map<String, List<Target>> byPath = new HashMap<>();
  private final Map<String, List<ServiceDefinition>> byService = new HashMap<>();
  private final List<ServiceDefinition> services;

  /**
   * Routes to {@code definitions} as they are.
   *
   * @throws IllegalArgumentException if a service is added twice with the same version and group
   */
  public MethodRegistry(Collection<ServiceDefinition> definitions) {
    for (ServiceDefinition def : definitions) {
      List<ServiceDefinition> same = byService.computeIfAbsent(def.serviceName(), k -> new ArrayList<>());
      for (ServiceDefinition other : same) {
        if (other.version().equals(def.version()) && other.group().equals(def.group())) {
          throw new IllegalArgumentException("Service " + describe(def) + " added twice");
        }
      }
      same.add(def);
      for (ServerMethodDefinition<?, ?> m : def.methods()) {
        byPath.computeIfAbsent(m.method().path(), k -> new ArrayList<>(1)).add(new Target(m, def));
      }
    }
    this.services = List.copyOf(definitions);
  }

  /**
   * What a server built with {@code services} and the server-wide {@code interceptors} serves:
   * each service with the server-wide interceptors outside its own, so they see every call
   * first; then each service's {@link ServiceDefinition#serverListener()} is told the served list
   * (server reflection learns what it reports on).
   *
   * @throws IllegalArgumentException if a service is added twice with the same version and group
   */
  public static MethodRegistry serving(
      List<ServiceDefinition> services, List<? extends ServerInterceptor> interceptors) {
    List<ServiceDefinition> served = new ArrayList<>(services.size());
    for (ServiceDefinition d : services) {
      served.add(d.withInterceptors(interceptors));
    }
    MethodRegistry registry = new MethodRegistry(served);
    for (ServiceDefinition d : registry.services) {
      if (d.serverListener() != null) {
        d.serverListener().accept(registry.services);
      }
    }
    return registry;
  }

  /** Thrown by {@link #lookup} with the UNIMPLEMENTED status to answer. */
  public static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    NotFound(Status status) {
      // No stack: an unknown path is an answer to the caller, not a failure of the server.
      super(status.description(), null, false, false);
      this.status = status;
    }

    public Status status() {
      return status;
    }
  }

  /**
   * The registration serving {@code path} for the requested version and group (empty or null if
   * the client sent none).
   */
  public Target lookup(String path, String version, String group) throws NotFound {
    List<Target> targets = byPath.get(path);
    String v = version == null ? "" : version;
    String g = group == null ? "" : group;
    if (targets == null) {
      throw new NotFound(unimplemented(path));
    }
    if (targets.size() == 1 && v.isEmpty() && g.isEmpty()) {
      return targets.get(0); // the common case: one registration, a plain gRPC client
    }
    for (Target t : targets) {
      if ((v.equals("*") || t.service.version().equals(v)) && (g.equals("*") || t.service.group().equals(g))) {
        return t;
      }
    }
    // Leniency for clients that name only one of the two (or neither): a unique registration
    // matching what they did name serves them.
    Target unique = null;
    int count = 0;
    for (Target t : targets) {
      boolean vOk = v.isEmpty() || t.service.version().equals(v);
      boolean gOk = g.isEmpty() || t.service.group().equals(g);
      if (vOk && gOk) {
        unique = t;
        count++;
      }
    }
    if (count == 1) {
      return unique;
    }
    List<String> available = new ArrayList<>();
    for (Target t : targets) {
      available.add("version=" + t.service.version() + " group=" + t.service.group());
    }
    throw new NotFound(Status.UNIMPLEMENTED.withDescription(
        "Service " + path.substring(1, path.lastIndexOf('/')) + " with version=" + v + " group=" + g
            + " not found; registered: " + available
            + (v.isEmpty() && g.isEmpty() ? " (send tri-service-version / tri-service-group to choose)" : "")));
  }

  private Status unimplemented(String path) {
    int slash = path.lastIndexOf('/');
    if (path.length() < 2 || path.charAt(0) != '/' || slash <= 0) {
      return Status.UNIMPLEMENTED.withDescription(
          "Malformed method path '" + path + "': expected /package.Service/Method");
    }
    String service = path.substring(1, slash);
    if (!byService.containsKey(service)) {
      return Status.UNIMPLEMENTED.withDescription("Service not found: " + service);
    }
    return Status.UNIMPLEMENTED.withDescription("Method not found: " + path.substring(1));
  }

  private static String describe(ServiceDefinition def) {
    return def.serviceName()
        + (def.version().isEmpty() ? "" : " version " + def.version())
        + (def.group().isEmpty() ? "" : " group " + def.group());
  }

  /** The services served, in the order added (with the server-wide interceptors, if any). */
  public List<ServiceDefinition> services() {
    return services;
  }
}
