package io.triple.spring.boot;

import io.triple.bootstrap.Dubbo;
import io.triple.bootstrap.Readiness;
import io.triple.server.TripleServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of triple-java ({@code /actuator/health/triple}): UP while every server serves
 * and every registry client in use is connected (details: ports, service URLs, registries); DOWN
 * once shutdown began, a server stopped, or a registry connection is lost (the reason names the
 * registry and its address); UNKNOWN before the servers start. An application without servers
 * (a consumer) is UP while its registries are connected.
 */
public final class TripleHealthIndicator implements HealthIndicator {
  private final TripleLifecycle lifecycle;

  TripleHealthIndicator(TripleLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Health health() {
    Dubbo dubbo = lifecycle.dubbo();
    List<TripleServer> servers = dubbo.servers();
    if (!lifecycle.started()) {
      return Health.unknown().withDetail("reason", "not started").build();
    }
    List<String> reasons = new ArrayList<>();
    Readiness readiness = dubbo.readiness();
    Map<String, Map<String, Object>> registries = new LinkedHashMap<>();
    for (Readiness.RegistryStatus r : readiness.registries()) {
      registries.put(r.id(), Map.of("address", r.address(), "connected", r.connected()));
      if (!r.connected()) {
        reasons.add("registry " + r.id() + " (" + r.address() + ") not connected");
      }
    }
    if (servers.isEmpty() && !lifecycle.isRunning() && !lifecycle.stopping()) {
      // A consumer: no server to serve, its references' registries only.
      return build(reasons, registries).withDetail("servers", 0).build();
    }
    List<Integer> ports = new ArrayList<>();
    boolean serving = lifecycle.isRunning();
    for (TripleServer s : servers) {
      ports.add(s.port());
      serving &= !s.isShutdown();
    }
    if (!serving) {
      reasons.add(0, "shutting down or stopped");
    }
    return build(reasons, registries).withDetail("ports", ports).withDetail("urls", dubbo.urls()).build();
  }

  private static Health.Builder build(List<String> reasons, Map<String, Map<String, Object>> registries) {
    Health.Builder b = reasons.isEmpty() ? Health.up()
        : Health.down().withDetail("reason", String.join("; ", reasons));
    if (!registries.isEmpty()) {
      b.withDetail("registries", registries);
    }
    return b;
  }
}
