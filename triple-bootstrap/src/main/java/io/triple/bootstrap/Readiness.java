package io.triple.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Dubbo#readiness()} saw at one moment: whether the servers are started, whether the
 * application was taken offline or is shutting down, and the connection of each registry client.
 * The management endpoint's {@code ready} and {@code startup} answer from it, and so can a
 * platform's own probe (a Spring Boot health indicator).
 *
 * @param started {@link Dubbo#start()} completed: every server listens and every service was
 *     handed to its registries; for a consumer (no protocol, service or registered
 *     implementation, so no start()), its first reference was made
 * @param offline every exported service was taken out of its registries on purpose
 *     ({@link Dubbo#offline}), servers still running
 * @param stopping shutdown has begun
 * @param registries the registry clients in use, in creation order (those of
 *     {@code dubbo.registries} that a service or reference uses; none before start)
 */
public record Readiness(boolean started, boolean offline, boolean stopping, List<RegistryStatus> registries) {

  public Readiness {
    registries = List.copyOf(registries);
  }

  /**
   * One registry client.
   *
   * @param id its id under {@code dubbo.registries}
   * @param address what it connects to, e.g. {@code 127.0.0.1:2181}
   * @param connected whether it is connected now ({@link io.triple.registry.Registry#isAvailable()})
   */
  public record RegistryStatus(String id, String address, boolean connected) {}

  /** Ready for traffic: started, not offline, not stopping, and every registry connected. */
  public boolean ready() {
    return reasons().isEmpty();
  }

  /**
   * Why it is not ready, one reason per line item (e.g. {@code registry zk (127.0.0.1:2181) not
   * connected}); empty when ready.
   */
  public List<String> reasons() {
    List<String> why = new ArrayList<>();
    if (stopping) {
      why.add("shutting down");
    } else if (!started) {
      why.add("not started");
    }
    if (offline) {
      why.add("offline");
    }
    for (RegistryStatus r : registries) {
      if (!r.connected()) {
        why.add("registry " + r.id() + " (" + r.address() + ") not connected");
      }
    }
    return why;
  }
}
