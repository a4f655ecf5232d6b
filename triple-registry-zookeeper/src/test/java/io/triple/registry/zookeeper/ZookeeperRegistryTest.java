package io.triple.registry.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZookeeperRegistryTest {
  static final String IFACE = "org.apache.dubbo.sample.tri.Greeter";

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

  Registry registry() {
    ServiceUrl url = Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5))
        .withParameter("session", "4000");
    Registry r = Registries.create(url);
    registries.add(r);
    return r;
  }

  static ServiceUrl provider(int port) {
    return ServiceUrl.parse("tri://127.0.0.1:" + port + "/" + IFACE + "?application=demo&anyhost=false"
        + "&deprecated=false&dubbo=2.0.2&dynamic=true&group=&interface=" + IFACE
        + "&methods=greet,greetStream&protocol=tri&release=triple-java&side=provider&timestamp=1&version=&weight=100");
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out after 20 s waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void layoutIsDubbos() throws Exception {
    Registry r = registry();
    ServiceUrl p = provider(50051);
    r.register(p);
    ServiceUrl consumer = ServiceUrl.parse("consumer://10.0.0.9/" + IFACE
        + "?application=c&category=consumers&check=false&dubbo=2.0.2&interface=" + IFACE + "&side=consumer");
    r.register(consumer);

    List<String> children = inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers");
    assertEquals(1, children.size(), "providers: " + children);
    String node = children.get(0);
    assertEquals(ServiceUrl.encode(p.toFullString()), node);
    assertTrue(node.startsWith("tri%3A%2F%2F127.0.0.1%3A50051%2Forg.apache.dubbo.sample.tri.Greeter%3F"), node);
    ServiceUrl decoded = ServiceUrl.parse(ServiceUrl.decode(node));
    assertEquals("provider", decoded.parameter("side"));
    assertEquals(IFACE, decoded.parameter("interface"));
    assertEquals("greet,greetStream", decoded.parameter("methods"));
    Stat leaf = inspector.checkExists().forPath("/dubbo/" + IFACE + "/providers/" + node);
    assertTrue(leaf.getEphemeralOwner() != 0, "provider node must be ephemeral");
    Stat dir = inspector.checkExists().forPath("/dubbo/" + IFACE + "/providers");
    assertEquals(0, dir.getEphemeralOwner(), "parents must be persistent");

    List<String> consumers = inspector.getChildren().forPath("/dubbo/" + IFACE + "/consumers");
    assertEquals(List.of(ServiceUrl.encode(consumer.toFullString())), consumers);

    r.unregister(p);
    assertEquals(List.of(), inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers"));
  }

  @Test
  void subscribersSeeTheWholeListOnEveryChange() throws Exception {
    Registry consumer = registry();
    List<List<ServiceUrl>> seen = new CopyOnWriteArrayList<>();
    consumer.subscribe(IFACE, seen::add);
    await("empty initial list", () -> !seen.isEmpty() && seen.get(seen.size() - 1).isEmpty());

    Registry a = registry();
    a.register(provider(1001));
    Registry b = registry();
    b.register(provider(1002));
    await("two providers", () -> last(seen).size() == 2);

    b.close(); // session closed: its ephemeral node goes
    await("one provider after close", () -> last(seen).size() == 1);
    assertEquals(1001, last(seen).get(0).port());
  }

  @Test
  void zookeeperRestartKeepsProvidersAndNeverNotifiesEmpty() throws Exception {
    Registry provider = registry();
    provider.register(provider(2001));
    Registry consumer = registry();
    List<List<ServiceUrl>> seen = new CopyOnWriteArrayList<>();
    consumer.subscribe(IFACE, seen::add);
    await("provider seen", () -> last(seen).size() == 1);

    zk.restart();
    await("provider node present after restart", () -> exists("/dubbo/" + IFACE + "/providers"
        + "/" + ServiceUrl.encode(provider(2001).toFullString())));
    // A change after the restart still reaches the subscriber: its watch is back.
    Registry late = registry();
    late.register(provider(2002));
    await("new provider seen after restart", () -> last(seen).size() == 2);
    for (List<ServiceUrl> l : seen.subList(1, seen.size())) {
      assertTrue(!l.isEmpty(), "an empty list was notified across the restart: " + seen);
    }
  }

  @Test
  void sessionExpiryReRegisters() throws Exception {
    ZookeeperRegistry provider = (ZookeeperRegistry) registry();
    provider.register(provider(3001));
    String path = "/dubbo/" + IFACE + "/providers/" + ServiceUrl.encode(provider(3001).toFullString());
    long before = inspector.checkExists().forPath(path).getEphemeralOwner();
    provider.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("node re-created by a new session", () -> {
      Stat s = stat(path);
      return s != null && s.getEphemeralOwner() != before;
    });
    assertNotNull(stat(path));
  }

  @Test
  void aDeletedNodeComesBack() throws Exception {
    Registry provider = registry();
    provider.register(provider(4001));
    String path = "/dubbo/" + IFACE + "/providers/" + ServiceUrl.encode(provider(4001).toFullString());
    inspector.delete().forPath(path); // an operator's mistake, or a stale-node cleanup gone wrong
    await("node re-created", () -> exists(path));
  }

  /**
   * ZooKeeper unreachable while the client still believes it is connected (a dead route: the
   * connection stays open, nothing answers; the client notices only after 2/3 of the session
   * timeout, 40 s by default): unregistration and close give up after unregister.timeout. The
   * hand-written registry spent about 40 s here, waiting for its deletes.
   */
  @Test
  void shutdownWithZooKeeperUnreachableIsBounded() throws Exception {
    try (TcpProxy proxy = new TcpProxy(List.of(new java.net.InetSocketAddress("127.0.0.1", zk.getPort())))) {
      ServiceUrl url = Registries.parseAddress(proxy.address(), "zookeeper", Duration.ofSeconds(5))
          .withParameter("ensemble.tracker", "false")
          .withParameter("unregister.timeout", "2000"); // default session timeout: 60 s
      Registry r = Registries.create(url);
      ServiceUrl a = provider(5001);
      ServiceUrl b = provider(5002);
      r.register(a);
      r.register(b);
      proxy.blackhole();
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
        r.unregister(a);
        r.unregister(b);
        r.close();
      });
      System.out.println("unregister + close with ZooKeeper unreachable took "
          + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
  }

  /** ZooKeeper down and known to be (connection refused): nothing to wait for at all. */
  @Test
  void availabilityFollowsTheConnection() throws Exception {
    Registry r = registry();
    List<Boolean> heard = new CopyOnWriteArrayList<>();
    r.addAvailabilityListener(heard::add);
    assertTrue(r.isAvailable(), "connected at creation");

    zk.stop();
    await("unavailable once ZooKeeper stops", () -> !r.isAvailable());
    zk.restart();
    await("available again once ZooKeeper is back", r::isAvailable);
    assertEquals(List.of(false, true), heard);

    r.close();
    assertTrue(!r.isAvailable(), "a closed registry is not available");
  }

  @Test
  void shutdownWithZooKeeperDownIsQuick() throws Exception {
    ServiceUrl url = Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5))
        .withParameter("unregister.timeout", "2000");
    Registry r = Registries.create(url);
    ServiceUrl a = provider(6001);
    r.register(a);
    zk.stop();
    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      r.unregister(a);
      r.close();
    });
  }

  private boolean exists(String path) {
    return stat(path) != null;
  }

  private Stat stat(String path) {
    try {
      return inspector.checkExists().forPath(path);
    } catch (Exception e) {
      return null;
    }
  }

  private static List<ServiceUrl> last(List<List<ServiceUrl>> seen) {
    return seen.isEmpty() ? List.of() : seen.get(seen.size() - 1);
  }
}
