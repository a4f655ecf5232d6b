package io.triple.spring.boot;

import io.triple.bootstrap.Dubbo;
import io.triple.server.TripleServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of triple-java's servers ({@code /actuator/health/triple}): UP while every
 * server serves (details: ports and service URLs), DOWN once shutdown began or a server stopped,
 * UNKNOWN before they start. An application without servers (a consumer) is UP. Registry
 * connections are not reported yet.
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
    if (servers.isEmpty() && !lifecycle.isRunning() && !lifecycle.stopping()) {
      return Health.up().withDetail("servers", 0).build();
    }
    List<Integer> ports = new ArrayList<>();
    boolean serving = lifecycle.isRunning();
    for (TripleServer s : servers) {
      ports.add(s.port());
      serving &= !s.isShutdown();
    }
    Health.Builder b = serving ? Health.up() : Health.down().withDetail("reason", "shutting down or stopped");
    return b.withDetail("ports", ports).withDetail("urls", dubbo.urls()).build();
  }
}
