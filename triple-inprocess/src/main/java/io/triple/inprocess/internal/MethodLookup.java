package io.triple.inprocess.internal;

import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From a method's path plus Dubbo's version and group headers to the method that serves it, with
 * the network server's rules and UNIMPLEMENTED descriptions: an exact (version, group) match
 * wins, {@code *} matches anything, and a request that leaves out version or group is served by
 * the one registration that matches what it did send. (triple-netty's {@code
 * ServerMethodRegistry} holds the same rules; this transport depends on core alone.)
 */
final class MethodLookup {
  private final Map<String, List<Registration>> byPath = new HashMap<>();
  private final Map<String, List<ServiceDefinition>> byService = new HashMap<>();

  private record Registration(ServerMethodDefinition<?, ?> method, ServiceDefinition service) {}

  MethodLookup(Collection<ServiceDefinition> definitions) {
    for (ServiceDefinition def : definitions) {
      List<ServiceDefinition> same = byService.computeIfAbsent(def.serviceName(), k -> new ArrayList<>());
      for (ServiceDefinition other : same) {
        if (other.version().equals(def.version()) && other.group().equals(def.group())) {
          throw new IllegalArgumentException("Service " + def.serviceName()
              + (def.version().isEmpty() ? "" : " version " + def.version())
              + (def.group().isEmpty() ? "" : " group " + def.group()) + " added twice");
        }
      }
      same.add(def);
      for (ServerMethodDefinition<?, ?> m : def.methods()) {
        byPath.computeIfAbsent(m.method().path(), k -> new ArrayList<>(1)).add(new Registration(m, def));
      }
    }
  }

  /**
   * The method serving {@code path} for the requested version and group (null: none sent).
   *
   * @throws StatusException UNIMPLEMENTED naming what is missing
   */
  ServerMethodDefinition<?, ?> find(String path, String version, String group) {
    List<Registration> targets = byPath.get(path);
    if (targets == null) {
      throw notFound(path).asException();
    }
    String v = version == null ? "" : version;
    String g = group == null ? "" : group;
    if (targets.size() == 1 && v.isEmpty() && g.isEmpty()) {
      return targets.get(0).method();
    }
    for (Registration t : targets) {
      if ((v.equals("*") || t.service().version().equals(v)) && (g.equals("*") || t.service().group().equals(g))) {
        return t.method();
      }
    }
    Registration unique = null;
    int count = 0;
    for (Registration t : targets) {
      if ((v.isEmpty() || t.service().version().equals(v)) && (g.isEmpty() || t.service().group().equals(g))) {
        unique = t;
        count++;
      }
    }
    if (count == 1) {
      return unique.method();
    }
    List<String> available = new ArrayList<>();
    for (Registration t : targets) {
      available.add("version=" + t.service().version() + " group=" + t.service().group());
    }
    throw Status.UNIMPLEMENTED.withDescription(
        "Service " + path.substring(1, path.lastIndexOf('/')) + " with version=" + v + " group=" + g
            + " not found; registered: " + available
            + (v.isEmpty() && g.isEmpty() ? " (send tri-service-version / tri-service-group to choose)" : ""))
        .asException();
  }

  private Status notFound(String path) {
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
}
