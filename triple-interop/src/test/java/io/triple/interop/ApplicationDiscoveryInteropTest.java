package io.triple.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.StringValue;
import io.triple.bootstrap.Dubbo;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ProtocolConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.interop.dubbo.DubboEchoClient;
import io.triple.interop.dubbo.DubboEchoTriple;
import io.triple.registry.Registries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache Dubbo 3's application-level service discovery against Apache Dubbo Java 3.3.6 through
 * one real ZooKeeper, with only application-level registrations on both sides
 * ({@code register-mode: instance}): Dubbo's consumer set to {@code FORCE_APPLICATION} finds and
 * calls our provider (reading our instance, mapping and metadata, which it fetches from our
 * MetadataServiceV2), and our consumer finds and calls Dubbo's provider (reading Dubbo's instance
 * and mapping, fetching the metadata from Dubbo's MetadataServiceV2), then hears it go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the last test stops Dubbo's provider
class ApplicationDiscoveryInteropTest {
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVICE = DubboJavaInteropTest.SERVICE;
  private static final String DUBBO_APP = "triple-interop-dubbo-server";

  private TestingServer zookeeper;
  private CuratorFramework inspector;
  private Dubbo ourProvider;
  private PeerProcess dubboServer;
  private int dubboPort;
  private final Map<String, String> dubboClientResults = new HashMap<>();
  private String dubboClientOutput;

  @BeforeAll
  void start() throws Exception {
    zookeeper = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    inspector = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
    inspector.start();
    RootConfig provider = RootConfig.builder()
        .application("triple-appdisco-provider")
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(PeerProcess.freePort()).build())
        .registry("zk", RegistryConfig.builder().address("zookeeper://" + zookeeper.getConnectString())
            .registerMode("instance").build())
        .service("echo", ServiceConfig.builder().interfaceName(SERVICE).version("1.0.0").build())
        .build();
    ourProvider = Dubbo.create().withConfig(provider)
        .register(DubboEchoTriple.bindService(new TripleDubboEcho())).start();
    int ourPort = ourProvider.servers().get(0).port();
    dubboPort = PeerProcess.freePort();
    dubboServer = PeerProcess.startDubbo("appdisco-dubbo-server.log",
        List.of("-Ddubbo.application.register-mode=instance"),
        "server", String.valueOf(dubboPort), zookeeper.getConnectString());
    try (PeerProcess dubboClient = PeerProcess.startDubbo("appdisco-dubbo-client.log",
        // The peer's client names its registry on the reference only, so Dubbo derives no metadata
        // center from it: the mapping is read from the metadata report configured here.
        List.of("-Ddubbo.application.service-discovery.migration=FORCE_APPLICATION",
            "-Ddubbo.metadata-report.address=zookeeper://" + zookeeper.getConnectString()),
        "client", String.valueOf(ourPort), zookeeper.getConnectString())) {
      dubboServer.awaitPort(dubboPort, PEER_TIMEOUT);
      int exit = dubboClient.waitFor(PEER_TIMEOUT);
      dubboClientOutput = dubboClient.output();
      if (exit < 0) {
        dubboClientOutput += "\n(timed out after " + PEER_TIMEOUT + ")";
      }
    }
    for (String line : dubboClientOutput.split("\n")) {
      String[] words = line.split("[ :]", 3);
      if (words.length >= 2 && (words[0].equals("PASS") || words[0].equals("FAIL"))) {
        dubboClientResults.put(words[1], line);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (dubboServer != null) {
      dubboServer.close();
    }
    if (ourProvider != null) {
      ourProvider.close();
    }
    if (inspector != null) {
      inspector.close();
    }
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  /** Dubbo's consumer in FORCE_APPLICATION found our instance-only provider and called it. */
  @Order(1)
  @ParameterizedTest(name = "Dubbo Java FORCE_APPLICATION client -> triple provider (instance mode): {0}")
  @ValueSource(strings = {"registry_unary", "registry_server_stream"})
  void dubboForceApplicationConsumerFindsOurProvider(String testCase) {
    String result = dubboClientResults.get(testCase);
    if (result == null || !result.startsWith("PASS")) {
      fail("Dubbo Java client (FORCE_APPLICATION), case " + testCase + ": "
          + (result == null ? "no result" : result) + "; its output:\n" + dubboClientOutput);
    }
  }

  /** Only application-level nodes: neither side wrote /dubbo/{interface}/providers. */
  @Order(2)
  @Test
  void onlyApplicationLevelRegistrations() throws Exception {
    assertTrue(inspector.checkExists().forPath("/dubbo/" + SERVICE + "/providers") == null
        || inspector.getChildren().forPath("/dubbo/" + SERVICE + "/providers").isEmpty());
    String mapping = new String(inspector.getData().forPath("/dubbo/mapping/" + SERVICE), StandardCharsets.UTF_8);
    assertTrue(mapping.contains("triple-appdisco-provider") && mapping.contains(DUBBO_APP), mapping);
    assertEquals(1, inspector.getChildren().forPath("/services/triple-appdisco-provider").size());
    assertEquals(List.of("127.0.0.1:" + dubboPort), inspector.getChildren().forPath("/services/" + DUBBO_APP));
  }

  /**
   * Our consumer (FORCE_APPLICATION, then the default APPLICATION_FIRST) finds Dubbo's
   * instance-only provider (no version; ours is 1.0.0), calls it, and hears it go.
   */
  @Order(3)
  @Test
  void ourConsumerFindsDubboInstanceProviderAndHearsItGo() throws Exception {
    String target = "zookeeper://" + zookeeper.getConnectString() + "/" + SERVICE;
    try (DubboEchoClient byDefault = DubboEchoClient.create(target)) {
      assertEquals("hello default", byDefault.withTimeout(Duration.ofSeconds(30))
          .unary(StringValue.of("default")).getValue());
    }
    ClusterChannel channel = ClusterChannel.builder(SERVICE)
        .registry(Registries.create(Registries.parseAddress(zookeeper.getConnectString(), "zookeeper", null)), true)
        .migration("FORCE_APPLICATION")
        .build();
    try (DubboEchoClient client = DubboEchoClient.create(channel)) {
      assertEquals(List.of("127.0.0.1:" + dubboPort), channel.providers());
      assertEquals("hello app", client.withTimeout(Duration.ofSeconds(30))
          .unary(StringValue.of("app")).getValue());
      dubboServer.close(); // Dubbo's provider goes: its ephemeral instance node with its session
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!channel.providers().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(List.of(), channel.providers(), "the instance's removal did not reach the consumer");
    } finally {
      channel.shutdownNow();
    }
  }
}
