package io.triple.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.triple.ServiceDefinition;
import io.triple.bootstrap.Dubbo;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ProtocolConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.interop.metav1.PlainEcho;
import io.triple.pojo.PojoClient;
import io.triple.pojo.PojoService;
import io.triple.registry.Registries;
import io.triple.registry.discovery.Json;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dubbo's first metadata service, {@code org.apache.dubbo.metadata.MetadataService} (hessian2 in
 * Triple's wrapper mode), against Apache Dubbo Java 3.3.6 with protobuf-java taken off its class
 * path, through one real ZooKeeper, both sides registering only instances: Dubbo then has no
 * MetadataServiceV2 and uses V1 only. Its {@code FORCE_APPLICATION} consumer fetches our
 * provider's metadata from our V1 service and calls our provider; our consumer reads the
 * protobuf-less Dubbo provider's instance (which announces V1 only, {@code meta-v: 1.0.0}),
 * fetches its metadata through V1 and calls it. One {@link PlainEcho}, told apart by version:
 * ours 1.0.0, Dubbo's 2.0.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataServiceV1InteropTest {
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVICE = PlainEcho.class.getName();
  private static final String PEER_MAIN = "io.triple.interop.metav1.MetadataV1Peer";
  private static final String OUR_APP = "triple-metav1-provider";
  private static final String DUBBO_APP = "triple-metav1-dubbo-provider";

  private TestingServer zookeeper;
  private CuratorFramework inspector;
  private Dubbo ourProvider;
  private PeerProcess dubboProvider;
  private int dubboPort;
  private final Map<String, String> dubboConsumerResults = new HashMap<>();
  private String dubboConsumerOutput;

  @BeforeAll
  void start() throws Exception {
    zookeeper = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    inspector = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
    inspector.start();
    ServiceDefinition echo = PojoService.builder(PlainEcho.class, text -> "triple-java " + text).build();
    RootConfig provider = RootConfig.builder()
        .application(OUR_APP)
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(PeerProcess.freePort()).build())
        .registry("zk", RegistryConfig.builder().address("zookeeper://" + zookeeper.getConnectString())
            .registerMode("instance").build())
        .service("echo", ServiceConfig.builder().interfaceName(SERVICE).version("1.0.0").build())
        .build();
    ourProvider = Dubbo.create().withConfig(provider).register(echo).start();
    dubboPort = PeerProcess.freePort();
    dubboProvider = PeerProcess.startDubboWithoutProtobuf(PEER_MAIN, "metav1-dubbo-provider.log", List.of(),
        "provider", String.valueOf(dubboPort), zookeeper.getConnectString());
    try (PeerProcess dubboConsumer = PeerProcess.startDubboWithoutProtobuf(PEER_MAIN,
        "metav1-dubbo-consumer.log", List.of(), "consumer", zookeeper.getConnectString())) {
      dubboProvider.awaitPort(dubboPort, PEER_TIMEOUT);
      int exit = dubboConsumer.waitFor(PEER_TIMEOUT);
      dubboConsumerOutput = dubboConsumer.output();
      if (exit < 0) {
        dubboConsumerOutput += "\n(timed out after " + PEER_TIMEOUT + ")";
      }
    }
    for (String line : dubboConsumerOutput.split("\n")) {
      String[] words = line.split("[ :]", 3);
      if (words.length >= 2 && (words[0].equals("PASS") || words[0].equals("FAIL"))) {
        dubboConsumerResults.put(words[1], line);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (dubboProvider != null) {
      dubboProvider.close();
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

  /**
   * Dubbo's consumer without protobuf ({@code no_protobuf}: it really had none) found our
   * instance-only provider through V1 metadata and called it.
   */
  @ParameterizedTest(name = "Dubbo Java FORCE_APPLICATION consumer without protobuf -> triple provider: {0}")
  @ValueSource(strings = {"no_protobuf", "force_application_v1_metadata"})
  void dubboConsumerWithoutProtobufCallsOurProvider(String testCase) {
    String result = dubboConsumerResults.get(testCase);
    if (result == null || !result.startsWith("PASS")) {
      fail("Dubbo Java consumer without protobuf, case " + testCase + ": "
          + (result == null ? "no result" : result) + "; its output:\n" + dubboConsumerOutput);
    }
  }

  /**
   * What each instance announces: ours V2 (meta-v) with V1's version and hessian2 in the URL
   * parameters V1 consumers use; Dubbo's without protobuf, V1 only.
   */
  @Test
  void instancesAnnounceTheirMetadataServices() throws Exception {
    Map<String, String> ours = instanceMetadata(OUR_APP);
    assertEquals("2.0.0", ours.get("meta-v"), ours.toString());
    Map<String, Object> params = Json.parseObject(ours.get("dubbo.metadata-service.url-params"));
    assertEquals("1.0.0", params.get("version"), params.toString());
    assertEquals("hessian2", params.get("serialization"), params.toString());
    Map<String, String> dubbo = instanceMetadata(DUBBO_APP);
    assertEquals("1.0.0", dubbo.get("meta-v"), dubbo.toString());
  }

  /** Our FORCE_APPLICATION consumer fetches the V1-only Dubbo provider's metadata and calls it. */
  @Test
  void ourConsumerReadsV1MetadataOfDubboProviderWithoutProtobuf() throws Exception {
    dubboProvider.awaitPort(dubboPort, PEER_TIMEOUT);
    ClusterChannel channel = ClusterChannel.builder(SERVICE)
        .registry(Registries.create(Registries.parseAddress(zookeeper.getConnectString(), "zookeeper", null)), true)
        .migration("FORCE_APPLICATION")
        .version("2.0.0")
        .build();
    try {
      PlainEcho client = PojoClient.builder(PlainEcho.class).timeout(Duration.ofSeconds(30)).build(channel);
      assertEquals("dubbo v1", client.echo("v1"));
      assertEquals(List.of("127.0.0.1:" + dubboPort), channel.providers());
    } finally {
      channel.shutdownNow();
    }
  }

  private Map<String, String> instanceMetadata(String app) throws Exception {
    long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
    List<String> children = List.of();
    while (System.nanoTime() < deadline) {
      if (inspector.checkExists().forPath("/services/" + app) != null) {
        children = inspector.getChildren().forPath("/services/" + app);
        if (!children.isEmpty()) {
          break;
        }
      }
      Thread.sleep(100);
    }
    assertEquals(1, children.size(), "instances of " + app + ": " + children);
    String json = new String(inspector.getData().forPath("/services/" + app + "/" + children.get(0)),
        StandardCharsets.UTF_8);
    Map<?, ?> payload = (Map<?, ?>) Json.parseObject(json).get("payload");
    Map<String, String> metadata = new HashMap<>();
    ((Map<?, ?>) payload.get("metadata")).forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
    return metadata;
  }
}
