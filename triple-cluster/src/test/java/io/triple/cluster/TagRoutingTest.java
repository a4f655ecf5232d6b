package io.triple.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.stub.ClientCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dubbo's tag routing against real providers, some tagged ({@code dubbo.tag} in their URLs, as a
 * gray release's are): untagged calls stay off tagged providers, tagged calls go to their tag or
 * fall back to the untagged ones unless forced.
 */
class TagRoutingTest {
  Fixture fx;
  Fixture.Node stable;
  Fixture.Node gray;

  @BeforeEach
  void start() throws Exception {
    fx = new Fixture(true);
    stable = fx.provider("stable", 100, "", "", false);
    gray = fx.provider("gray", 100, "", "", false);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private String url(Fixture.Node n, String tag) {
    return "tri://127.0.0.1:" + n.port + (tag.isEmpty() ? "" : "?dubbo.tag=" + tag);
  }

  private ClusterChannel channel(ClusterChannel.Builder b) {
    ClusterChannel ch = b.build();
    fx.closeables.add(ch);
    return ch;
  }

  private ClusterChannel.Builder builder(String... urls) {
    return ClusterChannel.builder(Fixture.IFACE).urls(List.of(urls)).loadBalance("roundrobin");
  }

  /** Who answered n calls with these headers. */
  private static Map<String, Integer> calls(io.triple.Channel ch, Metadata headers, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String who = ClientCalls.blockingUnary(ch, Fixture.GREET,
          CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)).withMetadata(headers), "hi");
      counts.merge(who, 1, Integer::sum);
    }
    return counts;
  }

  private static Metadata tag(String tag) {
    return new Metadata().add("dubbo.tag", tag);
  }

  @Test
  void untaggedCallsStayOffTaggedProvidersAndTaggedCallsGoToTheirTag() {
    ClusterChannel ch = channel(builder(url(stable, ""), url(gray, "gray")));
    assertEquals(Map.of("stable", 10), calls(ch, new Metadata(), 10));
    assertEquals(Map.of("gray", 10), calls(ch, tag("gray"), 10));
    assertEquals(Map.of("stable", 10), calls(ch, tag("blue"), 10), "no provider has it: the untagged ones");
  }

  @Test
  void aForcedTagWithNoProviderFailsAndSaysWhy() {
    ClusterChannel ch = channel(builder(url(stable, ""), url(gray, "gray")));
    StatusException e = assertThrows(StatusException.class, () -> calls(ch,
        tag("blue").add("dubbo.force.tag", "true"), 1));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("none of its 2 provider(s) has the tag 'blue' (dubbo.force.tag)"),
        e.getStatus().description());
    assertEquals(Map.of("gray", 3), calls(ch, tag("gray").add("dubbo.force.tag", "true"), 3));
  }

  @Test
  void theChannelsTagIsTheDefaultAndACallsOwnWins() {
    ClusterChannel ch = channel(builder(url(stable, ""), url(gray, "gray")).tag("gray"));
    assertEquals(Map.of("gray", 5), calls(ch, new Metadata(), 5));
    assertEquals(Map.of("stable", 5), calls(ch, tag("other"), 5));
    ClusterChannel forced = channel(builder(url(stable, ""), url(gray, "gray")).tag("blue").forceTag(true));
    assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusException.class,
        () -> calls(forced, new Metadata(), 1)).getStatus().code());
  }

  @Test
  void anUntaggedCallWhenEveryProviderIsTaggedFailsAndSaysWhy() {
    ClusterChannel ch = channel(builder(url(stable, "a"), url(gray, "b")));
    StatusException e = assertThrows(StatusException.class, () -> calls(ch, new Metadata(), 1));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("all tagged, and a call without a dubbo.tag goes to untagged "
        + "providers only"), e.getStatus().description());
    assertEquals(Map.of("stable", 2), calls(ch, tag("a"), 2));
  }

  @Test
  void withoutTagsNothingChanges() {
    ClusterChannel ch = channel(builder(url(stable, ""), url(gray, "")));
    assertEquals(Map.of("stable", 5, "gray", 5), calls(ch, new Metadata(), 10));
    assertEquals(Map.of("stable", 5, "gray", 5), calls(ch, tag("gray"), 10), "a tag nobody has: everyone");
  }

  @Test
  void forkingRoutesByTagToo() {
    ClusterChannel ch = channel(builder(url(stable, ""), url(gray, "gray")).cluster("forking").forks(2));
    assertEquals(Map.of("gray", 4), calls(ch, tag("gray"), 4));
    assertEquals(Map.of("stable", 4), calls(ch, new Metadata(), 4));
  }

  /**
   * Routing comes before the choice of a provider, as Dubbo's router chain before its load
   * balancer: a gray call whose gray provider cannot be reached is retried on gray providers
   * only, and fails rather than land on a stable one.
   */
  @Test
  void aRetryStaysOnTheCallsTag() throws Exception {
    String deadGray = "tri://127.0.0.1:" + Fixture.deadPort() + "?dubbo.tag=gray";
    ClusterChannel ch = channel(builder(url(stable, ""), deadGray).retries(2));
    StatusException e = assertThrows(StatusException.class, () -> calls(ch, tag("gray"), 1));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.toString());
    assertEquals(Map.of("stable", 3), calls(ch, new Metadata(), 3), "untagged calls are not affected");
  }
}
