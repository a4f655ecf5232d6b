package io.triple.registry.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Application-level discovery in a real ZooKeeper, in Dubbo 3.3's layout. */
class ZookeeperServiceDiscoveryTest {
  /** An instance node exactly as Apache Dubbo 3.3.6 wrote it (register-mode instance). */
  static final String DUBBO_INSTANCE = "{\"name\":\"triple-interop-dubbo-server\",\"id\":\"127.0.0.1:25071\","
      + "\"address\":\"127.0.0.1\",\"port\":25071,\"sslPort\":null,\"payload\":{\"@class\":"
      + "\"org.apache.dubbo.registry.zookeeper.ZookeeperInstance\",\"id\":\"127.0.0.1:25071\",\"name\":"
      + "\"triple-interop-dubbo-server\",\"metadata\":{\"dubbo.endpoints\":\"[{\\\"port\\\":25071,\\\"protocol\\\""
      + ":\\\"tri\\\"}]\",\"dubbo.metadata-service.url-params\":\"{\\\"prefer.serialization\\\":\\\"hessian2,"
      + "fastjson2\\\",\\\"version\\\":\\\"2.0.0\\\",\\\"dubbo\\\":\\\"2.0.2\\\",\\\"release\\\":\\\"3.3.6\\\","
      + "\\\"side\\\":\\\"provider\\\",\\\"port\\\":\\\"25071\\\",\\\"protocol\\\":\\\"tri\\\"}\","
      + "\"dubbo.metadata.revision\":\"64dfb83e00eebc803bea1e6feb1845cd\",\"dubbo.metadata.storage-type\":"
      + "\"local\",\"meta-v\":\"2.0.0\",\"timestamp\":\"1796643783635\"}},\"registrationTimeUTC\":"
      + "1796643783718,\"serviceType\":\"DYNAMIC\",\"uriSpec\":null}";

  private TestingServer zk;
  private Registry registry;
  private CuratorFramework inspector;

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    registry = Registries.create(Registries.parseAddress(zk.getConnectString(), "zookeeper", null));
    inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    inspector.start();
  }

  @AfterEach
  void stop() throws Exception {
    inspector.close();
    registry.close();
    zk.close();
  }

  @Test
  void readsDubbosInstanceRecord() {
    ServiceInstance i = CuratorInstances.fromJson(DUBBO_INSTANCE);
    assertEquals("triple-interop-dubbo-server", i.serviceName());
    assertEquals("127.0.0.1:25071", i.id());
    assertEquals("64dfb83e00eebc803bea1e6feb1845cd", i.revision());
    assertEquals(25071, i.endpointPort("tri", 0));
    assertEquals("2.0.0", i.metadataServiceParams().get("version"));
    assertEquals("tri", i.metadataServiceParams().get("protocol"));
    // and we write it back field for field (Curator's field order; metadata sorted)
    assertEquals(DUBBO_INSTANCE, CuratorInstances.toJson(i, 1796643783718L));
  }

  @Test
  void instancesComeAndGoAndRevisionsChange() throws Exception {
    ServiceDiscovery sd = registry.serviceDiscovery();
    List<List<ServiceInstance>> heard = new CopyOnWriteArrayList<>();
    sd.watchInstances("app", heard::add);
    await(() -> !heard.isEmpty() && heard.get(heard.size() - 1).isEmpty());
    // Dubbo's own record, written by another client
    inspector.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath("/services/app/127.0.0.1:25071", DUBBO_INSTANCE.replace("triple-interop-dubbo-server", "app")
            .getBytes(StandardCharsets.UTF_8));
    ServiceInstance ours = new ServiceInstance("app", "10.0.0.5", 50051,
        Map.of(ServiceInstance.REVISION, "r1"));
    sd.register(ours);
    await(() -> heard.get(heard.size() - 1).size() == 2);
    sd.register(ours.withMetadata(Map.of(ServiceInstance.REVISION, "r2")));
    await(() -> heard.get(heard.size() - 1).stream().anyMatch(i -> i.revision().equals("r2")));
    sd.unregister(ours);
    await(() -> heard.get(heard.size() - 1).size() == 1);
    assertEquals("127.0.0.1:25071", heard.get(heard.size() - 1).get(0).id());
    inspector.delete().forPath("/services/app/127.0.0.1:25071");
    await(() -> heard.get(heard.size() - 1).isEmpty());
  }

  /**
   * A watch reads a new instance node, not every node again: with n instances, re-reading all on
   * each change is O(n) ZooKeeper reads per change per watching session (it made churn lag by
   * seconds in bench/registry-scale.sh --mode application). Changes to nodes read before are
   * still heard (their data watches).
   */
  @Test
  void aWatchReadsOnlyNewOrChangedInstanceNodes() throws Exception {
    ZookeeperServiceDiscovery sd = (ZookeeperServiceDiscovery) registry.serviceDiscovery();
    List<List<ServiceInstance>> heard = new CopyOnWriteArrayList<>();
    sd.watchInstances("app", heard::add);
    await(() -> !heard.isEmpty());
    List<ServiceInstance> ours = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ours.add(new ServiceInstance("app", "10.0.0." + (i + 1), 50051, Map.of(ServiceInstance.REVISION, "r1")));
      sd.register(ours.get(i));
    }
    await(() -> heard.get(heard.size() - 1).size() == 20);
    long before = sd.instanceDataReads("app");
    ServiceInstance late = new ServiceInstance("app", "10.0.0.99", 50051, Map.of(ServiceInstance.REVISION, "r1"));
    sd.register(late);
    await(() -> heard.get(heard.size() - 1).size() == 21);
    assertEquals(1, sd.instanceDataReads("app") - before, "only the new node is read");
    // a node read before: its new revision is heard through its data watch
    sd.register(ours.get(3).withMetadata(Map.of(ServiceInstance.REVISION, "r2")));
    await(() -> heard.get(heard.size() - 1).stream()
        .anyMatch(i -> i.id().equals("10.0.0.4:50051") && i.revision().equals("r2")));
    // and once more (the watch was set again by the re-read)
    sd.register(ours.get(3).withMetadata(Map.of(ServiceInstance.REVISION, "r3")));
    await(() -> heard.get(heard.size() - 1).stream()
        .anyMatch(i -> i.id().equals("10.0.0.4:50051") && i.revision().equals("r3")));
    // a node deleted by someone else goes from the list
    inspector.delete().forPath("/services/app/10.0.0.5:50051");
    sd.unregister(ours.get(4)); // its recipe would create it again
    await(() -> heard.get(heard.size() - 1).size() == 20
        && heard.get(heard.size() - 1).stream().noneMatch(i -> i.id().equals("10.0.0.5:50051")));
    assertEquals(sd.instances("app"), heard.get(heard.size() - 1));
  }

  @Test
  void mappingIsAddedByCompareAndSetUnderContention() throws Exception {
    List<Registry> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 8; i++) {
        clients.add(Registries.create(Registries.parseAddress(zk.getConnectString(), "zookeeper", null)));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ServiceDiscovery sd = clients.get(i).serviceDiscovery();
        String app = "app" + i;
        done.add(pool.submit(() -> {
          go.await();
          sd.map("org.example.Svc", app);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      assertEquals(Set.of("app0", "app1", "app2", "app3", "app4", "app5", "app6", "app7"),
          registry.serviceDiscovery().mappedApplications("org.example.Svc"));
      String content = new String(inspector.getData().forPath("/dubbo/mapping/org.example.Svc"), StandardCharsets.UTF_8);
      assertEquals(8, content.split(",").length, content);
    } finally {
      pool.shutdownNow();
      clients.forEach(Registry::close);
    }
  }

  @Test
  void mappingChangesAreHeard() throws Exception {
    List<Set<String>> heard = new CopyOnWriteArrayList<>();
    registry.serviceDiscovery().watchMapping("org.example.Svc", heard::add);
    await(() -> !heard.isEmpty());
    assertEquals(Set.of(), heard.get(0));
    inspector.create().creatingParentsIfNeeded().forPath("/dubbo/mapping/org.example.Svc",
        "dubbo-app".getBytes(StandardCharsets.UTF_8));
    await(() -> heard.get(heard.size() - 1).equals(Set.of("dubbo-app")));
    registry.serviceDiscovery().map("org.example.Svc", "ours");
    await(() -> heard.get(heard.size() - 1).equals(Set.of("dubbo-app", "ours")));
    assertEquals("dubbo-app,ours",
        new String(inspector.getData().forPath("/dubbo/mapping/org.example.Svc"), StandardCharsets.UTF_8));
  }

  @Test
  void metadataReportRoundTrip() {
    MetadataInfo info = MetadataInfo.of("app", List.of(new MetadataInfo.ServiceInfo("org.example.Svc", "g",
        "1.0.0", "tri", 50051, "org.example.Svc", Map.of("methods", "a,b", "side", "provider"))));
    assertEquals(32, info.revision().length());
    assertTrue(info.services().containsKey("g/org.example.Svc:1.0.0:tri"), info.services().toString());
    registry.serviceDiscovery().publishMetadata(info);
    assertEquals(info, registry.serviceDiscovery().reportedMetadata("app", info.revision()));
    assertEquals(null, registry.serviceDiscovery().reportedMetadata("app", "nope"));
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
