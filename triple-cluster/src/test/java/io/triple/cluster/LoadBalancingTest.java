package io.triple.cluster;

import static io.triple.cluster.Fixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Channels;
import io.triple.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three providers registered in a real ZooKeeper; balancers over a registry-fed channel. */
class LoadBalancingTest {
  static Fixture fx;
  static Fixture.Node a;
  static Fixture.Node b;
  static Fixture.Node c;

  @BeforeAll
  static void start() throws Exception {
    fx = new Fixture(true);
    a = fx.provider("a");
    b = fx.provider("b");
    c = fx.provider("c");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  ClusterChannel channel(String lb) {
    ClusterChannel ch = ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), false).loadBalance(lb).build();
    fx.closeables.add(ch);
    assertEquals(3, ch.providers().size(), "providers from the registry: " + ch.providers());
    return ch;
  }

  @Test
  void roundRobinIsEven() {
    Map<String, Integer> n = calls(channel("roundrobin"), 300);
    assertEquals(Map.of("a", 100, "b", 100, "c", 100), n);
  }

  @Test
  void randomSpreadsCalls() {
    Map<String, Integer> n = calls(channel("random"), 300);
    for (String p : List.of("a", "b", "c")) {
      int k = n.getOrDefault(p, 0);
      assertTrue(k >= 45 && k <= 165, "random gave " + p + " " + k + " of 300 calls: " + n);
    }
  }

  @Test
  void leastActiveAvoidsBusyProvider() throws Exception {
    a.delayMillis = 200;
    try {
      ClusterChannel ch = channel("leastactive");
      Map<String, Integer> n = concurrentCalls(ch, 6, 25);
      int slow = n.getOrDefault("a", 0);
      assertTrue(slow < 150 * 0.2, "leastactive sent " + slow + " of 150 calls to the busy provider: " + n);
      assertTrue(n.getOrDefault("b", 0) > 30 && n.getOrDefault("c", 0) > 30, "idle providers share: " + n);
    } finally {
      a.delayMillis = 0;
    }
  }

  @Test
  void p2cAvoidsSlowProvider() throws Exception {
    a.delayMillis = 150;
    try {
      ClusterChannel ch = channel("p2c");
      // Warm up: first calls pay for connection setup, which says nothing about the provider.
      calls(ch, 30);
      Map<String, Integer> n = calls(ch, 150);
      int slow = n.getOrDefault("a", 0);
      assertTrue(slow < 150 * 0.15, "p2c sent " + slow + " of 150 calls to the slow provider: " + n);
      // Between two equally fast providers p2c follows latency noise; both must still be used.
      assertTrue(n.getOrDefault("b", 0) > 0 && n.getOrDefault("c", 0) > 0, "fast providers share: " + n);
    } finally {
      a.delayMillis = 0;
    }
  }

  @Test
  void zookeeperUriThroughChannels() {
    String target = "zookeeper://" + fx.zk.getConnectString() + "/" + Fixture.IFACE + "?loadbalance=roundrobin&retries=1";
    try (ManagedChannel ch = Channels.forTarget(target)) {
      assertInstanceOf(ClusterChannel.class, ch);
      assertEquals(Map.of("a", 10, "b", 10, "c", 10), calls(ch, 30));
    }
  }

  static Map<String, Integer> concurrentCalls(ManagedChannel ch, int threads, int each) throws Exception {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            counts.merge(Fixture.call(ch), 1, Integer::sum);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return counts;
  }
}
