package io.triple.registry.zookeeper;

import static io.triple.registry.zookeeper.ZookeeperRegistryTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Application-level discovery survives ZooKeeper failures as the registry's interface-level nodes
 * do: instance nodes are Curator PersistentNodes (EPHEMERAL), re-created after a session expiry and
 * after a deletion; watches are read again after the new session; unregistration and close are
 * bounded by unregister.timeout.
 */
class ZookeeperServiceDiscoveryRecoveryTest {
  TestingServer zk;
  CuratorFramework inspector;
  final List<Registry> registries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    inspector.start();
  }

  @AfterEach
  void stopZk() throws Exception {
    registries.forEach(Registry::close);
    inspector.close();
    zk.close();
  }

  ZookeeperRegistry registry() {
    ServiceUrl url = Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5))
        .withParameter("session", "4000");
    Registry r = Registries.create(url);
    registries.add(r);
    return (ZookeeperRegistry) r;
  }

  static ServiceInstance instance(int port, String revision) {
    return new ServiceInstance("app", "127.0.0.1", port, Map.of(ServiceInstance.REVISION, revision));
  }

  private Stat stat(String path) {
    try {
      return inspector.checkExists().forPath(path);
    } catch (Exception e) {
      return null;
    }
  }

  private String data(String path) throws Exception {
    return new String(inspector.getData().forPath(path), StandardCharsets.UTF_8);
  }

  @Test
  void instanceNodeComesBackAfterSessionExpiryAndDeletion() throws Exception {
    ZookeeperRegistry provider = registry();
    provider.serviceDiscovery().register(instance(7001, "r1"));
    String path = "/services/app/127.0.0.1:7001";
    Stat first = stat(path);
    assertTrue(first != null && first.getEphemeralOwner() != 0, "instance node must be ephemeral");
    assertEquals(0, stat("/services/app").getEphemeralOwner(), "its parent is not ephemeral");

    provider.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("instance re-created by a new session", () -> {
      Stat s = stat(path);
      return s != null && s.getEphemeralOwner() != first.getEphemeralOwner();
    });
    assertEquals("r1", CuratorInstances.fromJson(data(path)).revision());

    inspector.delete().forPath(path);
    await("deleted instance re-created", () -> stat(path) != null);
  }

  @Test
  void aNewRevisionUpdatesTheSameNodeAndUnregisterDeletesIt() throws Exception {
    ZookeeperRegistry provider = registry();
    provider.serviceDiscovery().register(instance(7002, "r1"));
    String path = "/services/app/127.0.0.1:7002";
    long owner = stat(path).getEphemeralOwner();
    provider.serviceDiscovery().register(instance(7002, "r2"));
    await("revision r2 written", () -> {
      try {
        return "r2".equals(CuratorInstances.fromJson(data(path)).revision());
      } catch (Exception e) {
        return false;
      }
    });
    assertEquals(owner, stat(path).getEphemeralOwner(), "the same node, not a new one");
    provider.serviceDiscovery().unregister(instance(7002, "r2"));
    assertEquals(null, stat(path));
    assertEquals(Set.of(), provider.serviceDiscovery() instanceof ZookeeperServiceDiscovery d
        ? d.registeredPaths() : Set.of("?"));
  }

  @Test
  void watchesHearChangesAfterTheirSessionExpired() throws Exception {
    ZookeeperRegistry consumer = registry();
    List<List<ServiceInstance>> instances = new CopyOnWriteArrayList<>();
    List<Set<String>> mappings = new CopyOnWriteArrayList<>();
    consumer.serviceDiscovery().watchInstances("app", instances::add);
    consumer.serviceDiscovery().watchMapping("org.example.Svc", mappings::add);
    ZookeeperRegistry a = registry();
    a.serviceDiscovery().register(instance(7003, "r1"));
    a.serviceDiscovery().map("org.example.Svc", "app");
    await("one instance and the mapping", () -> !instances.isEmpty() && instances.get(instances.size() - 1).size() == 1
        && !mappings.isEmpty() && mappings.get(mappings.size() - 1).equals(Set.of("app")));

    consumer.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("consumer reconnected with a new session", () -> consumer.client().getZookeeperClient().isConnected());
    Thread.sleep(500);
    ZookeeperRegistry b = registry();
    b.serviceDiscovery().register(instance(7004, "r1"));
    b.serviceDiscovery().map("org.example.Svc", "other");
    await("second instance heard after the consumer's session expired",
        () -> instances.get(instances.size() - 1).size() == 2);
    await("mapping change heard after the consumer's session expired",
        () -> mappings.get(mappings.size() - 1).equals(Set.of("app", "other")));
  }

  @Test
  void aLostMappingIsWrittenAgainAfterReconnecting() throws Exception {
    ZookeeperRegistry provider = registry();
    provider.serviceDiscovery().map("org.example.Lost", "app");
    inspector.delete().forPath("/dubbo/mapping/org.example.Lost");
    provider.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("mapping re-applied after the new session", () -> stat("/dubbo/mapping/org.example.Lost") != null);
    assertEquals("app", data("/dubbo/mapping/org.example.Lost"));
  }

  @Test
  void closeWithZooKeeperDownIsBounded() throws Exception {
    ServiceUrl url = Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5))
        .withParameter("unregister.timeout", "2000");
    Registry r = Registries.create(url);
    r.serviceDiscovery().register(instance(7005, "r1"));
    zk.stop();
    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      r.serviceDiscovery().unregister(instance(7005, "r1"));
      r.close();
    });
    assertFalse(r.serviceDiscovery() instanceof ZookeeperServiceDiscovery d && !d.registeredPaths().isEmpty());
  }
}
