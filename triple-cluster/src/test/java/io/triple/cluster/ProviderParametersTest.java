package io.triple.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What providers publish in their URLs for consumers, as Dubbo's providers do: a call timeout
 * ({@code timeout}, {@code <method>.timeout}), taken by a call without a deadline when the channel
 * is told to (a reference that sets no timeout of its own), and {@code actives}, a limit on calls
 * in flight to that provider unless the channel sets its own.
 */
class ProviderParametersTest {
  Fixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new Fixture(false);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private ClusterChannel channel(boolean providerTimeouts, String... urls) {
    ClusterChannel ch = ClusterChannel.builder(Fixture.IFACE).urls(List.of(urls)).loadBalance("roundrobin")
        .timeout(Duration.ofSeconds(20)).providerTimeouts(providerTimeouts).retries(0).build();
    fx.closeables.add(ch);
    return ch;
  }

  private static Status.Code codeOf(ClusterChannel ch) {
    try {
      ClientCalls.blockingUnary(ch, Fixture.GREET, CallOptions.DEFAULT, "hi");
      return Status.Code.OK;
    } catch (StatusException e) {
      return e.getStatus().code();
    }
  }

  @Test
  void aCallWithoutDeadlineTakesTheProvidersTimeout() {
    Fixture.Node slow = fx.provider("slow");
    slow.delayMillis = 1500;
    String url = "tri://127.0.0.1:" + slow.port + "?timeout=300";

    assertEquals(Status.Code.DEADLINE_EXCEEDED, codeOf(channel(true, url)), "the provider's 300 ms");
    assertEquals(Status.Code.OK, codeOf(channel(false, url)), "the channel's own 20 s");
    ClusterChannel ch = channel(true, url);
    assertEquals("slow", ClientCalls.blockingUnary(ch, Fixture.GREET,
        CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)), "hi"), "a call's own deadline wins");
  }

  /** Dubbo's method-level form, {@code <method>.timeout}, wins over the service's for that method. */
  @Test
  void aMethodsOwnTimeoutWinsForThatMethod() {
    Fixture.Node slow = fx.provider("slow");
    slow.delayMillis = 1000;
    String base = "tri://127.0.0.1:" + slow.port;
    assertEquals(Status.Code.OK, codeOf(channel(true, base + "?timeout=200&greet.timeout=20000")));
    assertEquals(Status.Code.OK, codeOf(channel(true, base + "?timeout=200&methods.greet.timeout=20000")),
        "Dubbo 3's methods. prefix");
    assertEquals(Status.Code.DEADLINE_EXCEEDED, codeOf(channel(true, base + "?timeout=20000&greet.timeout=200")));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, codeOf(channel(true, base + "?timeout=200&other.timeout=20000")),
        "another method's timeout is not this one's");
  }

  /**
   * Dubbo's {@code actives} published by a provider ({@code @DubboService(actives = 1)}) limits
   * this channel's calls to it, as Dubbo's consumers apply it; the channel's own limit wins.
   */
  @Test
  void aProvidersPublishedActivesLimitsCallsToIt() throws Exception {
    Fixture.Node slow = fx.provider("slow");
    slow.delayMillis = 1500;
    String url = "tri://127.0.0.1:" + slow.port + "?actives=1";
    ClusterChannel ch = channel(false, url);
    java.util.concurrent.CompletableFuture<Status.Code> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> codeOf(ch), java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; }));
    Fixture.await("the first call to reach the provider", () -> slow.served.get() == 1 || first.isDone());
    StatusException e = assertThrows(StatusException.class, () -> ClientCalls.blockingUnary(ch, Fixture.GREET,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)), "hi"));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.toString());
    assertEquals(Status.Code.OK, first.get());

    // The channel's own 2 wins over the URL's 1: two calls are at the provider at once.
    slow.delayMillis = 4000;
    ClusterChannel own = track(ClusterChannel.builder(Fixture.IFACE).urls(List.of(url)).actives(2).retries(0)
        .timeout(Duration.ofSeconds(20)).build());
    int before = slow.served.get();
    // Two threads of their own: the common pool may have one on two cores, and these block.
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    fx.closeables.add(two::shutdownNow);
    java.util.concurrent.CompletableFuture<Status.Code> a =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> codeOf(own), two);
    java.util.concurrent.CompletableFuture<Status.Code> b =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> codeOf(own), two);
    Fixture.await("two calls at the provider", () -> slow.served.get() >= before + 2 || a.isDone() || b.isDone());
    assertTrue(!a.isDone() && !b.isDone(), "the second call waited for the first: the URL's limit of 1 applied");
    assertEquals(Status.Code.OK, a.get());
    assertEquals(Status.Code.OK, b.get());
  }

  private ClusterChannel track(ClusterChannel ch) {
    fx.closeables.add(ch);
    return ch;
  }

  @Test
  void providersThatDifferGiveTheLargestAndNoneGivesTheChannelsOwn() {
    Fixture.Node a = fx.provider("a");
    Fixture.Node b = fx.provider("b");
    a.delayMillis = 800;
    b.delayMillis = 800;
    ClusterChannel differ = channel(true, "tri://127.0.0.1:" + a.port + "?timeout=200",
        "tri://127.0.0.1:" + b.port + "?timeout=20000");
    // Round robin: both providers answer within the larger one.
    assertEquals(Status.Code.OK, codeOf(differ));
    assertEquals(Status.Code.OK, codeOf(differ));
    ClusterChannel none = channel(true, "tri://127.0.0.1:" + a.port);
    assertEquals(Status.Code.OK, codeOf(none), "no published timeout: the channel's 20 s");
    ClusterChannel garbage = channel(true, "tri://127.0.0.1:" + a.port + "?timeout=soon");
    assertEquals(Status.Code.OK, codeOf(garbage), "not a number: ignored, the channel's own");
  }
}
