package io.triple.cluster;

import static io.triple.cluster.Fixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightsAndRoutingTest {
  Fixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new Fixture(true);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  ClusterChannel channel(String lb, String version, String group, int expectedProviders) throws Exception {
    ClusterChannel ch = ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), true)
        .loadBalance(lb).version(version).group(group).build();
    fx.closeables.add(ch);
    Fixture.await(expectedProviders + " providers", () -> ch.providers().size() == expectedProviders);
    return ch;
  }

  @Test
  void weightsAreHonoured() throws Exception {
    fx.provider("light", 100, "", "", true);
    fx.provider("medium", 200, "", "", true);
    fx.provider("heavy", 300, "", "", true);
    assertEquals(Map.of("light", 50, "medium", 100, "heavy", 150), calls(channel("roundrobin", "", "", 3), 300));

    Map<String, Integer> r = calls(channel("random", "", "", 3), 600);
    int light = r.getOrDefault("light", 0);
    int heavy = r.getOrDefault("heavy", 0);
    assertTrue(light >= 40 && light <= 170, "light (1/6 expected) got " + light + ": " + r);
    assertTrue(heavy >= 220 && heavy <= 380, "heavy (1/2 expected) got " + heavy + ": " + r);
    assertTrue(heavy > light, "weights ignored: " + r);
  }

  /** A reference asking for a version nobody registered is told which versions are there. */
  @Test
  void aVersionNobodyServesIsAnsweredWithTheVersionsThatAreListed() throws Exception {
    fx.provider("v1", 100, "1.0.0", "", true);
    fx.provider("v1-blue", 100, "1.0.0", "blue", true);
    ClusterChannel ch = ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), true).version("2.0.0").build();
    fx.closeables.add(ch);
    io.triple.StatusException e = org.junit.jupiter.api.Assertions.assertThrows(io.triple.StatusException.class,
        () -> Fixture.call(ch));
    assertEquals(io.triple.Status.Code.UNAVAILABLE, e.getStatus().code());
    assertTrue(e.getStatus().description().endsWith("; providers of it are listed with version 1.0.0, version 1.0.0 "
        + "group blue, not what this channel asks for (version 2.0.0)"), e.getStatus().description());
  }

  @Test
  void versionAndGroupRouteThroughTheRegistry() throws Exception {
    Fixture.Node v1 = fx.provider("v1", 100, "1.0.0", "", true);
    // One server hosting two versions of the service, both registered (same address): only the
    // tri-service-version header lets the server tell which one a call is for.
    Fixture.Node both = fx.new Node("both", 100, "1.0.0", "");
    both.start(0, List.of("2.0.0"));
    fx.nodes.add(both);
    both.register("1.0.0", "2.0.0");
    Fixture.Node g = fx.provider("g", 100, "2.0.0", "blue", true);

    Map<String, Integer> n = calls(channel("roundrobin", "2.0.0", "", 1), 20);
    assertEquals(Map.of("both@2.0.0", 20), n);
    assertEquals(20, both.servedByVersion.get("2.0.0").get());

    Map<String, Integer> m = calls(channel("roundrobin", "1.0.0", "", 2), 20);
    assertEquals(Map.of("v1@1.0.0", 10, "both@1.0.0", 10), m);

    assertEquals(Map.of("g@2.0.0", 5), calls(channel("random", "2.0.0", "blue", 1), 5));
    assertEquals(0, g.servedByVersion.getOrDefault("1.0.0", new java.util.concurrent.atomic.AtomicInteger()).get());
    assertEquals(0, v1.servedByVersion.getOrDefault("2.0.0", new java.util.concurrent.atomic.AtomicInteger()).get());
  }
}
