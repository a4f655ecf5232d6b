package io.triple.bootstrap;

import static io.triple.bootstrap.DubboRegistryTest.GREET;
import static io.triple.bootstrap.DubboRegistryTest.IFACE;
import static io.triple.bootstrap.DubboRegistryTest.await;
import static io.triple.bootstrap.DubboRegistryTest.freePort;
import static io.triple.bootstrap.DubboRegistryTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.config.ConfigException;
import io.triple.config.ProtocolConfig;
import io.triple.config.QosConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.ServiceUrl;
import io.triple.services.health.v1.HealthCheckRequest;
import io.triple.services.health.v1.HealthCheckResponse.ServingStatus;
import io.triple.services.health.v1.HealthClient;
import io.triple.stub.ClientCalls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management endpoint (Dubbo's QoS commands over HTTP) against real servers and a real
 * ZooKeeper, called as curl would call it.
 */
class ManagementEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  TestingServer zk;
  CuratorFramework inspector;
  final List<Dubbo> dubbos = new ArrayList<>();

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    inspector.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    dubbos.forEach(Dubbo::close);
    inspector.close();
    zk.close();
  }

  private RegistryConfig registry() {
    return RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build();
  }

  /** A provider of IFACE answering {@code answer}, with the management endpoint on {@code qosPort}. */
  private Dubbo provider(String answer, int qosPort) throws IOException {
    RootConfig cfg = RootConfig.builder()
        .application("provider-" + answer)
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
        .registry("zk", registry())
        .service("greeter", ServiceConfig.builder().interfaceName(IFACE).build())
        .qos(QosConfig.enabled("127.0.0.1", qosPort))
        .build();
    Dubbo d = Dubbo.create().withConfig(cfg).builtinServices(true).register(service(answer)).start();
    dubbos.add(d);
    return d;
  }

  static HttpResponse<String> get(int port, String pathAndQuery) throws IOException, InterruptedException {
    return get("127.0.0.1", port, pathAndQuery);
  }

  static HttpResponse<String> get(String host, int port, String pathAndQuery)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private List<String> providerNodes() {
    try {
      return inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers");
    } catch (Exception e) {
      return List.of("error: " + e);
    }
  }

  private List<String> children(String path) {
    try {
      return inspector.checkExists().forPath(path) == null ? List.of() : inspector.getChildren().forPath(path);
    } catch (Exception e) {
      return List.of("error: " + e);
    }
  }

  private static String nodeOf(Dubbo d) {
    int port = d.servers().get(0).port();
    return ":" + port + "/";
  }

  @Test
  void probesFollowTheServerAndZookeeper() throws Exception {
    int qos = freePort();
    provider("a", qos);
    assertEquals(200, get(qos, "/live").statusCode());
    assertEquals("true", get(qos, "/live").body());
    assertEquals(200, get(qos, "/startup").statusCode());
    HttpResponse<String> ready = get(qos, "/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("true", ready.body());
    assertEquals("text/plain; charset=utf-8", ready.headers().firstValue("content-type").orElse(""));

    zk.stop();
    await("ready answers 503 while ZooKeeper is down", () -> status(qos, "/ready") == 503);
    assertEquals("false\nregistry zk (" + zk.getConnectString() + ") not connected\n", get(qos, "/ready").body());
    assertEquals(200, get(qos, "/live").statusCode(), "alive all the same");

    zk.restart();
    await("ready again once ZooKeeper is back", () -> status(qos, "/ready") == 200);
    assertEquals(404, get(qos, "/nosuchcommand").statusCode());
  }

  @Test
  void offlineLeavesTheRegistriesAndHealthWhileServingAndOnlineComesBack() throws Exception {
    int qosA = freePort();
    Dubbo a = provider("a", qosA);
    provider("b", freePort());
    await("two provider nodes", () -> providerNodes().size() == 2);

    int qosC = freePort();
    RootConfig consumerCfg = RootConfig.builder()
        .application("consumer")
        .registry("zk", registry())
        .reference("greeter", ReferenceConfig.builder().interfaceName(IFACE).loadbalance("roundrobin").build())
        .qos(QosConfig.enabled("127.0.0.1", qosC))
        .build();
    Dubbo consumer = Dubbo.create().withConfig(consumerCfg);
    dubbos.add(consumer);
    ManagedChannel ch = consumer.channel("greeter");
    await("the consumer knows both providers", () -> answers(ch, 8).equals(Set.of("a", "b")));
    // A consumer has nothing to start: its first reference is its start.
    assertEquals(200, get(qosC, "/startup").statusCode());
    assertEquals("true", get(qosC, "/ready").body());
    String ls = get(qosC, "/ls").body();
    assertTrue(ls.contains("As Consumer side:") && ls.contains(IFACE), ls);
    assertTrue(ls.contains("127.0.0.1:" + a.servers().get(0).port()), ls);
    assertTrue(ls.matches("(?s).*" + IFACE.replace(".", "\\.") + " +\\| +2 +\\|.*"), ls);

    HttpResponse<String> off = get(qosA, "/offline?service=" + IFACE);
    assertEquals(200, off.statusCode());
    assertEquals("OK", off.body());
    // Its node is gone from ZooKeeper, the other's stays.
    List<String> nodes = providerNodes();
    assertEquals(1, nodes.size(), nodes.toString());
    assertTrue(!ServiceUrl.decode(nodes.get(0)).contains(nodeOf(a)), nodes.toString());
    await("the consumer stops choosing it", () -> answers(ch, 8).equals(Set.of("b")));
    // Still serving calls made to it directly, but reporting NOT_SERVING and not ready.
    try (HealthClient health = HealthClient.create("tri://127.0.0.1:" + a.servers().get(0).port())) {
      assertEquals(ServingStatus.NOT_SERVING, health.check(request(IFACE)).getStatus());
      assertEquals(ServingStatus.NOT_SERVING, health.check(request("")).getStatus());
    }
    assertEquals(503, get(qosA, "/ready").statusCode());
    assertEquals("false\noffline\n", get(qosA, "/ready").body());
    String lsA = get(qosA, "/ls").body();
    assertTrue(lsA.contains("zookeeper-I(N)") && lsA.contains("offline"), lsA);

    assertEquals("OK", get(qosA, "/online").body());
    await("its node is back", () -> providerNodes().size() == 2);
    await("the consumer chooses it again", () -> answers(ch, 8).equals(Set.of("a", "b")));
    try (HealthClient health = HealthClient.create("tri://127.0.0.1:" + a.servers().get(0).port())) {
      assertEquals(ServingStatus.SERVING, health.check(request(IFACE)).getStatus());
      assertEquals(ServingStatus.SERVING, health.check(request("")).getStatus());
    }
    assertEquals(200, get(qosA, "/ready").statusCode());
    assertTrue(get(qosA, "/ls").body().contains("zookeeper-I(Y)"));

    // One level at a time, as Dubbo's offlineApp / offlineInterface: the other stays, and so
    // does readiness (still in a registry).
    assertEquals(1, children("/services/provider-a").size());
    assertEquals("OK", get(qosA, "/offlineApp").body());
    await("instance withdrawn", () -> children("/services/provider-a").isEmpty());
    assertEquals(2, providerNodes().size(), "interface level untouched");
    String lsApp = get(qosA, "/ls").body();
    assertTrue(lsApp.contains("zookeeper-I(Y)/zookeeper-A(N)") && lsApp.contains("offline at application level"), lsApp);
    assertEquals(200, get(qosA, "/ready").statusCode());
    assertEquals("OK", get(qosA, "/onlineApp").body());
    await("instance back", () -> children("/services/provider-a").size() == 1);
    assertEquals("OK", get(qosA, "/offlineInterface").body());
    assertEquals(1, providerNodes().size(), "its interface-level node is gone");
    assertEquals(1, children("/services/provider-a").size(), "application level untouched");
    assertEquals("OK", get(qosA, "/onlineInterface").body());
    await("its node is back again", () -> providerNodes().size() == 2);

    assertEquals("service not found", get(qosA, "/offline?com.example.Nothing").body());
    assertEquals(400, get(qosA, "/offline?service=%5B").statusCode(), "not a regular expression");
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  /** The answers of {@code n} calls through the consumer's cluster. */
  private static Set<String> answers(ManagedChannel ch, int n) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      try {
        seen.add(ClientCalls.blockingUnary(ch, GREET, CallOptions.DEFAULT, "x"));
      } catch (Exception e) {
        seen.add("failed: " + e);
      }
    }
    return seen;
  }

  @Test
  void theStatusPageIsSelfContainedAndItsJsonListsServices() throws Exception {
    int qos = freePort();
    provider("a", qos);
    HttpResponse<String> page = get(qos, "/status");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
    assertTrue(page.body().contains("<canvas id=\"rate\">"), "plots");
    // Nothing from elsewhere: the network may be closed (no CDN, no web font).
    assertTrue(!page.body().matches("(?s).*(src|href)=\"?(https?:)?//.*"), "an external resource");
    assertEquals(page.body(), get(qos, "/").body(), "also at /");

    HttpResponse<String> json = get(qos, "/status.json");
    assertEquals("application/json", json.headers().firstValue("content-type").orElse(""));
    java.util.Map<String, Object> doc = io.triple.registry.discovery.Json.parseObject(json.body());
    assertEquals("provider-a", doc.get("application"));
    assertEquals(true, doc.get("ready"));
    assertEquals(List.of(java.util.Map.of("key", IFACE, "online", true, "status", "online",
        "registries", List.of("zookeeper-I(Y)", "zookeeper-A(Y)"))), doc.get("services"));
    // Without triple-micrometer nothing meters calls: the page says so instead of plotting.
    assertEquals(404, get(qos, "/status/calls.json").statusCode());
  }

  @Test
  void offTheConfigurationOpensNoPort() throws Exception {
    int qos = freePort();
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
        .qos(new QosConfig(false, "127.0.0.1", qos, false, List.of(), false))
        .build();
    Dubbo d = Dubbo.create().withConfig(cfg).register(service("a")).start();
    dubbos.add(d);
    assertThrows(ConnectException.class, () -> get(qos, "/live"));
    assertEquals(QosConfig.DEFAULTS, RootConfig.builder().build().qos(), "off unless configured");
  }

  @Test
  void aTakenPortIsLoggedUnlessQosCheck() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      QosConfig qos = QosConfig.enabled("127.0.0.1", taken.getLocalPort());
      RootConfig lenient = RootConfig.builder()
          .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
          .qos(qos)
          .build();
      Dubbo d = Dubbo.create().withConfig(lenient).register(service("a")).start();
      dubbos.add(d);
      assertEquals(1, d.servers().size(), "started all the same, as Dubbo does");

      RootConfig strict = lenient.toBuilder()
          .qos(new QosConfig(true, "127.0.0.1", taken.getLocalPort(), false, List.of(), true)).build();
      Dubbo s = Dubbo.create().withConfig(strict).register(service("a"));
      dubbos.add(s);
      ConfigException e = assertThrows(ConfigException.class, s::start);
      assertEquals("dubbo.application.qos_port", e.keyPath());
    }
  }

  @Test
  void otherHostsGetTheProbesOnlyUnlessAllowed() throws Exception {
    InetAddress own = nonLoopbackAddress();
    assumeTrue(own != null, "no non-loopback IPv4 address on this host");
    String host = own.getHostAddress();
    int qos = freePort();
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
        .qos(QosConfig.enabled("", qos)) // every interface, Dubbo's default
        .build();
    dubbos.add(Dubbo.create().withConfig(cfg).register(service("a")).start());
    // Called on this host's own non-loopback address, the peer is that address: a foreign IP.
    assertEquals(200, get(host, qos, "/ready").statusCode(), "probes are public");
    HttpResponse<String> ls = get(host, qos, "/ls");
    assertEquals(403, ls.statusCode());
    assertEquals("Foreign Ip Not Permitted, Consider Config It In Whitelist.\n", ls.body());
    assertEquals(403, get(host, qos, "/offline").statusCode());
    assertEquals(200, get(qos, "/ls").statusCode(), "loopback may");
    // A browser page from another site cannot use a loopback peer's rights.
    HttpResponse<String> crossSite = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + qos + "/offline")).header("Origin", "http://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, crossSite.statusCode());

    int listed = freePort();
    RootConfig whitelisted = cfg.toBuilder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
        .qos(QosConfig.enabled("", listed).withForeignAccess(false, List.of(host + "/32")))
        .build();
    dubbos.add(Dubbo.create().withConfig(whitelisted).register(service("a")).start());
    assertEquals(200, get(host, listed, "/ls").statusCode(), "whitelisted");
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : ni.inetAddresses().toList()) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return a;
        }
      }
    }
    return null;
  }
}
