package io.triple.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.registry.zookeeper.TcpProxy;
import io.triple.stub.ClientCalls;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ZooKeeper registry against a 3-node ensemble (one per class: starting one is slow): the
 * leader dies, a follower dies, sessions expire, a provider is cut off from ZooKeeper. Two real
 * providers (TripleServer) register through the registry API; a consumer calls them through a
 * {@code zookeeper://} ClusterChannel the whole time. Each test asserts the registrations come
 * back, a provider registered after the event is found (the watches work), and that not one
 * call failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZookeeperEnsembleTest {
  static final int SESSION_MS = 4000;

  TestingCluster cluster;
  CuratorFramework inspector;
  Fixture fx;
  Fixture.Node a;
  Fixture.Node b;
  final List<AutoCloseable> perTest = new ArrayList<>();

  @BeforeAll
  void startEnsemble() throws Exception {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      // tickTime 500 ms: sessions of 4 s are allowed (2 to 20 ticks), elections take about a second.
      specs.add(new InstanceSpec(null, -1, -1, -1, true, i, 500, -1, null, "127.0.0.1"));
    }
    cluster = new TestingCluster(specs);
    cluster.start();
    inspector = CuratorFrameworkFactory.newClient(cluster.getConnectString(), new RetryOneTime(100));
    inspector.start();
    fx = new Fixture(false);
    a = fx.provider("a", 100, "", "", false);
    b = fx.provider("b", 100, "", "", false);
  }

  @AfterAll
  void stopEnsemble() throws Exception {
    fx.close();
    inspector.close();
    cluster.close();
  }

  @BeforeEach
  void allServersUp() throws Exception {
    for (InstanceSpec s : cluster.getInstances()) {
      if (!listening(s)) {
        cluster.restartServer(s);
      }
    }
    Fixture.await("ensemble serving", () -> cluster.getInstances().stream().allMatch(this::serving));
  }

  @AfterEach
  void closePerTest() {
    for (int i = perTest.size() - 1; i >= 0; i--) {
      try {
        perTest.get(i).close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    perTest.clear();
  }

  @Test
  void leaderDies() throws Exception {
    Registry ra = register(a, all());
    register(b, all());
    try (Load load = consume()) {
      InstanceSpec leader = leader();
      cluster.killServer(leader);
      load.runFor(Duration.ofSeconds(2));
      assertRegistered(a, b);
      registerLateProviderAndSeeIt(load);
      cluster.restartServer(leader);
      load.assertNoFailure();
    }
    assertNotNull(ra);
  }

  @Test
  void followerDies() throws Exception {
    register(a, all());
    register(b, all());
    try (Load load = consume()) {
      InstanceSpec follower = cluster.getInstances().stream().filter(s -> !s.equals(leader())).findFirst().orElseThrow();
      cluster.killServer(follower);
      load.runFor(Duration.ofSeconds(2));
      assertRegistered(a, b);
      registerLateProviderAndSeeIt(load);
      load.assertNoFailure();
    }
  }

  @Test
  void sessionsExpire() throws Exception {
    Registry ra = register(a, all());
    Registry rb = register(b, all());
    Registry consumerRegistry = Registries.create(registryUrl(all()));
    perTest.add(consumerRegistry);
    ClusterChannel ch = ClusterChannel.builder(Fixture.IFACE).registry(consumerRegistry, false).build();
    perTest.add(ch::shutdownNow);
    try (Load load = new Load(ch)) {
      load.awaitBoth();
      long before = owner(a);
      // Every session of the play expires: the providers' nodes vanish with theirs, the
      // consumer's watch with its own; Curator's recipes bring all of it back.
      zooKeeper(ra).getTestable().injectSessionExpiration();
      zooKeeper(consumerRegistry).getTestable().injectSessionExpiration();
      Fixture.await("a registered again by a new session", () -> owner(a) != 0 && owner(a) != before);
      zooKeeper(rb).getTestable().injectSessionExpiration();
      load.runFor(Duration.ofSeconds(1));
      assertRegistered(a, b);
      registerLateProviderAndSeeIt(load);
      load.assertNoFailure();
    }
  }

  /**
   * b reaches ZooKeeper through a proxy that is then cut (the ensemble itself is fine and the
   * consumer still reaches it) for longer than b's session: the ensemble expires b's session, the
   * consumer drops b and keeps calling a; when the network heals, b's registry gets a new session
   * and its registration is back.
   */
  @Test
  void providerCutOffFromZooKeeper() throws Exception {
    register(a, all());
    List<java.net.InetSocketAddress> servers = cluster.getInstances().stream()
        .map(s -> new java.net.InetSocketAddress("127.0.0.1", s.getPort())).collect(Collectors.toList());
    TcpProxy proxy = new TcpProxy(servers);
    perTest.add(proxy);
    // Only through the proxy: Curator would otherwise learn the members' own addresses from
    // /zookeeper/config and go around it.
    register(b, registryUrl(proxy.address()).withParameter("ensemble.tracker", "false"));
    try (Load load = consume()) {
      long before = owner(b);
      proxy.partition();
      Fixture.await("b's session expired and its node with it", () -> owner(b) == 0);
      int servedByB = b.served.get();
      load.runFor(Duration.ofSeconds(1));
      assertTrue(b.served.get() - servedByB <= Load.THREADS, "b is no longer chosen once its node expired");
      proxy.heal();
      Fixture.await("b registered again by a new session", () -> owner(b) != 0 && owner(b) != before);
      load.awaitBoth();
      load.assertNoFailure();
    }
  }

  // ---------------------------------------------------------------------------------------------

  String all() {
    return cluster.getConnectString();
  }

  ServiceUrl registryUrl(String connect) {
    String[] hosts = connect.split(",");
    ServiceUrl u = Registries.parseAddress(hosts[0], "zookeeper", Duration.ofSeconds(5))
        .withParameter("session", Integer.toString(SESSION_MS));
    if (hosts.length > 1) {
      u = u.withParameter("backup", String.join(",", List.of(hosts).subList(1, hosts.length)));
    }
    return u;
  }

  Registry register(Fixture.Node n, String connect) {
    return register(n, registryUrl(connect));
  }

  Registry register(Fixture.Node n, ServiceUrl registryUrl) {
    Registry r = Registries.create(registryUrl);
    perTest.add(r);
    n.registry = r;
    n.registeredUrl = n.url("");
    r.register(n.registeredUrl);
    return r;
  }

  Load consume() throws InterruptedException {
    String[] hosts = all().split(",");
    String target = "zookeeper://" + hosts[0] + "/" + Fixture.IFACE + "?session=" + SESSION_MS
        + "&backup=" + String.join(",", List.of(hosts).subList(1, hosts.length)) + "&loadbalance=roundrobin";
    ManagedChannel ch = Channels.forTarget(target);
    perTest.add(ch::shutdownNow);
    Load load = new Load(ch);
    load.awaitBoth();
    return load;
  }

  void registerLateProviderAndSeeIt(Load load) throws Exception {
    Fixture.Node late = fx.provider("late-" + System.nanoTime(), 100, "", "", false);
    register(late, all());
    Fixture.await("the consumer calls a provider registered after the event", () -> late.served.get() > 0);
    late.registry.close();
    late.server.shutdown();
  }

  void assertRegistered(Fixture.Node... nodes) throws InterruptedException {
    for (Fixture.Node n : nodes) {
      Fixture.await(n.name + " registered", () -> owner(n) != 0);
    }
  }

  /** The session owning n's provider node, 0 when there is none. */
  long owner(Fixture.Node n) {
    String path = "/dubbo/" + Fixture.IFACE + "/providers/" + ServiceUrl.encode(n.registeredUrl.toFullString());
    try {
      Stat s = inspector.checkExists().forPath(path);
      return s == null ? 0 : s.getEphemeralOwner();
    } catch (Exception e) {
      return 0;
    }
  }

  boolean listening(InstanceSpec s) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.getPort())) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  boolean serving(InstanceSpec s) {
    String mode = mode(s);
    return mode.equals("leader") || mode.equals("follower");
  }

  InstanceSpec leader() {
    for (InstanceSpec s : cluster.getInstances()) {
      if (mode(s).equals("leader")) {
        return s;
      }
    }
    throw new AssertionError("no leader");
  }

  /** A member's role, from ZooKeeper's {@code srvr} command (allowed by default); "" when down. */
  static String mode(InstanceSpec s) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.getPort())) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("srvr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      for (String line : reply.split("\n")) {
        if (line.startsWith("Mode: ")) {
          return line.substring(6).trim();
        }
      }
      return "";
    } catch (Exception e) {
      return "";
    }
  }

  static ZooKeeper zooKeeper(Registry r) throws Exception {
    Method m = r.getClass().getDeclaredMethod("client");
    m.setAccessible(true);
    return ((CuratorFramework) m.invoke(r)).getZookeeperClient().getZooKeeper();
  }

  /** Calls without pause from a few threads, counting failures. */
  final class Load implements AutoCloseable {
    static final int THREADS = 3;
    final Channel channel;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger ok = new AtomicInteger();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new ArrayList<>();

    Load(Channel channel) {
      this.channel = channel;
      for (int i = 0; i < THREADS; i++) {
        Thread t = new Thread(this::run, "load-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    private void run() {
      while (running.get()) {
        try {
          ClientCalls.blockingUnary(channel, Fixture.GREET, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)), "hi");
          ok.incrementAndGet();
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    }

    void awaitBoth() throws InterruptedException {
      int sa = a.served.get();
      int sb = b.served.get();
      Fixture.await("calls reach a and b", () -> a.served.get() > sa && b.served.get() > sb);
    }

    void runFor(Duration d) throws InterruptedException {
      int before = ok.get();
      Thread.sleep(d.toMillis());
      assertTrue(ok.get() > before, "calls went on");
    }

    void assertNoFailure() throws InterruptedException {
      runFor(Duration.ofMillis(300));
      assertEquals(List.of(), failures.stream().map(Throwable::toString).collect(Collectors.toList()),
          "failed calls (of " + ok.get() + " that succeeded)");
      System.out.println("ZookeeperEnsembleTest: " + ok.get() + " calls, " + failures.size() + " failed");
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
  }
}
