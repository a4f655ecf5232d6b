package io.triple.bootstrap;

import static io.triple.bootstrap.DubboRegistryTest.GREET;
import static io.triple.bootstrap.DubboRegistryTest.IFACE;
import static io.triple.bootstrap.DubboRegistryTest.await;
import static io.triple.bootstrap.DubboRegistryTest.freePort;
import static io.triple.bootstrap.DubboRegistryTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ProtocolConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.discovery.Json;
import io.triple.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Apache Dubbo 3's application-level discovery between our own providers and consumers, through
 * a real ZooKeeper: register modes, migration steps, the instance records and the mapping.
 */
class ApplicationDiscoveryTest {

  private static TestingServer zookeeper() throws Exception {
    return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
  }

  private static Dubbo provider(String zk, String app, String mode, String answer) throws Exception {
    RootConfig cfg = RootConfig.builder()
        .application(app)
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
        .registry("zk", RegistryConfig.builder().address("zookeeper://" + zk).registerMode(mode).build())
        .service("greeter", ServiceConfig.builder().interfaceName(IFACE).build())
        .build();
    return Dubbo.create().withConfig(cfg).register(service(answer)).start();
  }

  private static ManagedChannel consumer(String zk, String migration) {
    return ClusterChannel.builder(IFACE)
        .registry(Registries.create(Registries.parseAddress(zk, "zookeeper", null)), true)
        .migration(migration)
        .application("greeter-consumer")
        .build();
  }

  private static String call(ManagedChannel ch) {
    return ClientCalls.blockingUnary(ch, GREET, CallOptions.DEFAULT.withTimeout(java.time.Duration.ofSeconds(5)), "x");
  }

  @Test
  void instanceModeProviderIsFoundByForceApplicationConsumerAndItsRemovalArrives() throws Exception {
    try (TestingServer zk = zookeeper();
        CuratorFramework inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      inspector.start();
      Dubbo a = provider(zk.getConnectString(), "greeter-app", "instance", "from-a");
      Dubbo b = provider(zk.getConnectString(), "greeter-app", "instance", "from-b");
      try {
        // instance mode: no interface-level node, one instance node each, the mapping
        assertTrue(inspector.checkExists().forPath("/dubbo/" + IFACE + "/providers") == null
            || inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers").isEmpty());
        List<String> ids = inspector.getChildren().forPath("/services/greeter-app");
        assertEquals(2, ids.size(), "instances: " + ids);
        assertEquals("greeter-app",
            new String(inspector.getData().forPath("/dubbo/mapping/" + IFACE), StandardCharsets.UTF_8));
        String port = Integer.toString(a.servers().get(0).port());
        Map<String, Object> json = Json.parseObject(new String(
            inspector.getData().forPath("/services/greeter-app/127.0.0.1:" + port), StandardCharsets.UTF_8));
        assertEquals("greeter-app", json.get("name"));
        assertEquals("127.0.0.1:" + port, json.get("id"));
        assertEquals("127.0.0.1", json.get("address"));
        assertEquals(Long.valueOf(port), json.get("port"));
        assertEquals("DYNAMIC", json.get("serviceType"));
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) json.get("payload");
        assertEquals("org.apache.dubbo.registry.zookeeper.ZookeeperInstance", payload.get("@class"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) payload.get("metadata");
        assertEquals(32, ((String) metadata.get("dubbo.metadata.revision")).length(), "revision: " + metadata);
        assertEquals("local", metadata.get("dubbo.metadata.storage-type"));
        assertEquals("[{\"port\":" + port + ",\"protocol\":\"tri\"}]", metadata.get("dubbo.endpoints"));
        assertEquals("2.0.0", metadata.get("meta-v"));

        try (ManagedChannel ch = consumer(zk.getConnectString(), "FORCE_APPLICATION")) {
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (int i = 0; i < 40 && seen.size() < 2; i++) {
            seen.add(call(ch));
          }
          assertEquals(java.util.Set.of("from-a", "from-b"), seen);

          b.close();
          b = null;
          await("the instance's removal reaches the consumer",
              () -> ((ClusterChannel) ch).providers().size() == 1);
          for (int i = 0; i < 10; i++) {
            assertEquals("from-a", call(ch));
          }
        }
      } finally {
        a.close();
        if (b != null) {
          b.close();
        }
      }
    }
  }

  @Test
  void registerModesAndMigrationSteps() throws Exception {
    try (TestingServer zk = zookeeper();
        CuratorFramework inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      inspector.start();
      // default mode (all): both layouts
      Dubbo all = provider(zk.getConnectString(), "all-app", null, "from-all");
      try {
        assertEquals(1, inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers").size());
        assertEquals(1, inspector.getChildren().forPath("/services/all-app").size());
        for (String step : new String[] {"FORCE_INTERFACE", "APPLICATION_FIRST", "FORCE_APPLICATION"}) {
          try (ManagedChannel ch = consumer(zk.getConnectString(), step)) {
            assertEquals("from-all", call(ch), step);
          }
        }
      } finally {
        all.close();
      }
      // interface mode: no instance, and a FORCE_APPLICATION consumer finds nothing
      Dubbo iface = provider(zk.getConnectString(), "iface-app", "interface", "from-interface");
      try {
        assertTrue(inspector.checkExists().forPath("/services/iface-app") == null);
        try (ManagedChannel ch = consumer(zk.getConnectString(), "APPLICATION_FIRST")) {
          assertEquals("from-interface", call(ch));
        }
        ManagedChannel forced = ClusterChannel.builder(IFACE)
            .registry(Registries.create(Registries.parseAddress(zk.getConnectString(), "zookeeper", null)), true)
            .migration("FORCE_APPLICATION")
            .initialWait(java.time.Duration.ofMillis(500))
            .build();
        try {
          assertEquals(List.of(), ((ClusterChannel) forced).providers());
        } finally {
          forced.shutdownNow();
        }
      } finally {
        iface.close();
      }
    }
  }

  /**
   * metadata_type remote with a metadata report: the metadata is stored at
   * /dubbo/metadata/{app}/{revision}, the instance says storage-type remote, and the consumer
   * reads the report (the provider's metadata service is not asked).
   */
  @Test
  void remoteMetadataThroughTheMetadataReport() throws Exception {
    try (TestingServer zk = zookeeper();
        CuratorFramework inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      inspector.start();
      RootConfig cfg = RootConfig.builder()
          .application("remote-app")
          .metadataType("remote")
          .metadataReportAddress("zookeeper://" + zk.getConnectString())
          .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
          .registry("zk", RegistryConfig.builder().address("zookeeper://" + zk.getConnectString())
              .registerMode("instance").build())
          .service("greeter", ServiceConfig.builder().interfaceName(IFACE).build())
          .build();
      try (Dubbo provider = Dubbo.create().withConfig(cfg).register(service("from-remote")).start()) {
        List<String> revisions = inspector.getChildren().forPath("/dubbo/metadata/remote-app");
        assertEquals(1, revisions.size(), "revisions: " + revisions);
        io.triple.registry.discovery.MetadataInfo info = io.triple.registry.discovery.MetadataInfo.fromJson(
            new String(inspector.getData().forPath("/dubbo/metadata/remote-app/" + revisions.get(0)),
                StandardCharsets.UTF_8));
        assertEquals("remote-app", info.app());
        assertEquals(revisions.get(0), info.revision());
        assertEquals(IFACE, info.services().get(IFACE + ":tri").name());
        String node = inspector.getChildren().forPath("/services/remote-app").get(0);
        String json = new String(inspector.getData().forPath("/services/remote-app/" + node), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"dubbo.metadata.storage-type\":\"remote\""), json);
        try (ManagedChannel ch = consumer(zk.getConnectString(), "FORCE_APPLICATION")) {
          assertEquals("from-remote", call(ch));
        }
      }
    }
  }

  /** The registry SPI hands out its application-level discovery. */
  @Test
  void zookeeperRegistryHasServiceDiscovery() throws Exception {
    try (TestingServer zk = zookeeper();
        Registry r = Registries.create(Registries.parseAddress(zk.getConnectString(), "zookeeper", null))) {
      assertTrue(r.serviceDiscovery() != null);
      r.serviceDiscovery().map("a.B", "app1");
      r.serviceDiscovery().map("a.B", "app2");
      r.serviceDiscovery().map("a.B", "app1");
      assertEquals(java.util.Set.of("app1", "app2"), r.serviceDiscovery().mappedApplications("a.B"));
    }
  }
}
