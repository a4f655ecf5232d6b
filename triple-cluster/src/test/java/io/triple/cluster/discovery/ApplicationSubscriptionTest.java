package io.triple.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Application-level subscription logic over an in-memory discovery: caching, retries, changes. */
class ApplicationSubscriptionTest {
  static final String IFACE = "org.example.Svc";

  /** Instances and mapping in memory; listeners hear changes at once. */
  static final class MemoryDiscovery implements ServiceDiscovery {
    final Map<String, List<ServiceInstance>> instances = new ConcurrentHashMap<>();
    final Map<String, List<Consumer<List<ServiceInstance>>>> instanceListeners = new ConcurrentHashMap<>();
    volatile Set<String> apps = Set.of();
    final List<Consumer<Set<String>>> mappingListeners = new CopyOnWriteArrayList<>();

    void setInstances(String app, List<ServiceInstance> list) {
      instances.put(app, list);
      instanceListeners.getOrDefault(app, List.of()).forEach(l -> l.accept(list));
    }

    void setApps(Set<String> newApps) {
      apps = newApps;
      mappingListeners.forEach(l -> l.accept(newApps));
    }

    @Override public void register(ServiceInstance instance) {}
    @Override public void unregister(ServiceInstance instance) {}
    @Override public List<ServiceInstance> instances(String app) {
      return instances.getOrDefault(app, List.of());
    }
    @Override public void watchInstances(String app, Consumer<List<ServiceInstance>> l) {
      instanceListeners.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>()).add(l);
      l.accept(instances(app));
    }
    @Override public void unwatchInstances(String app, Consumer<List<ServiceInstance>> l) {
      instanceListeners.getOrDefault(app, List.of()).remove(l);
    }
    @Override public void map(String interfaceName, String app) {}
    @Override public Set<String> mappedApplications(String interfaceName) {
      return apps;
    }
    @Override public void watchMapping(String interfaceName, Consumer<Set<String>> l) {
      mappingListeners.add(l);
      l.accept(apps);
    }
    @Override public void unwatchMapping(String interfaceName, Consumer<Set<String>> l) {
      mappingListeners.remove(l);
    }
    @Override public void publishMetadata(MetadataInfo metadata) {}
    @Override public MetadataInfo reportedMetadata(String app, String revision) {
      return null;
    }
  }

  /** Serves one metadata for every revision; fails the first {@code failures} loads. */
  static final class CountingFetcher extends MetadataFetcher {
    final AtomicInteger loads = new AtomicInteger();
    final int failures;

    CountingFetcher(int failures) {
      this.failures = failures;
    }

    @Override
    MetadataInfo load(ServiceDiscovery discovery, ServiceInstance instance) {
      if (loads.incrementAndGet() <= failures) {
        return null;
      }
      return new MetadataInfo(instance.serviceName(), instance.revision(), Map.of(IFACE + ":tri",
          new ServiceInfo(IFACE, "", "", "tri", instance.port(), IFACE, Map.of("methods", "m"))));
    }
  }

  static ServiceInstance instance(String app, int port, String revision) {
    return new ServiceInstance(app, "10.0.0.1", port, Map.of(ServiceInstance.REVISION, revision));
  }

  @Test
  void oneFetchPerRevisionAndChangesArrive() throws Exception {
    MemoryDiscovery sd = new MemoryDiscovery();
    CountingFetcher fetcher = new CountingFetcher(0);
    List<List<ServiceUrl>> heard = new CopyOnWriteArrayList<>();
    sd.setInstances("app", List.of(instance("app", 1, "rev-a"), instance("app", 2, "rev-a"),
        instance("app", 3, "rev-a")));
    sd.setApps(Set.of("app"));
    ApplicationSubscription s = new ApplicationSubscription(sd, IFACE, heard::add, fetcher);
    s.start();
    await(() -> !heard.isEmpty() && heard.get(heard.size() - 1).size() == 3);
    assertEquals(1, fetcher.loads.get(), "three instances of one revision: one fetch");
    sd.setInstances("app", List.of(instance("app", 1, "rev-a")));
    await(() -> heard.get(heard.size() - 1).size() == 1);
    sd.setInstances("app", List.of(instance("app", 1, "rev-a"), instance("app", 4, "rev-b")));
    await(() -> heard.get(heard.size() - 1).size() == 2);
    assertEquals(2, fetcher.loads.get(), "a new revision: one more fetch");
    sd.setApps(Set.of());
    await(() -> heard.get(heard.size() - 1).isEmpty());
    s.close();
  }

  @Test
  void metadataThatCannotBeFetchedIsAskedForAgain() throws Exception {
    MemoryDiscovery sd = new MemoryDiscovery();
    CountingFetcher fetcher = new CountingFetcher(1);
    List<List<ServiceUrl>> heard = new CopyOnWriteArrayList<>();
    sd.setInstances("app2", List.of(instance("app2", 7, "rev-x")));
    sd.setApps(Set.of("app2"));
    ApplicationSubscription s = new ApplicationSubscription(sd, IFACE, heard::add, fetcher);
    s.start();
    await(() -> !heard.isEmpty() && heard.get(heard.size() - 1).size() == 1);
    assertEquals(2, fetcher.loads.get());
    assertEquals(7, heard.get(heard.size() - 1).get(0).port());
    s.close();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(20);
    }
  }
}
