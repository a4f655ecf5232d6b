package io.triple.cluster;

import static io.triple.cluster.Fixture.call;
import static io.triple.cluster.Fixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Status;
import io.triple.StatusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverTest {
  Fixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new Fixture(true);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private ClusterChannel.Builder staticChannel(String... targets) {
    return ClusterChannel.builder(Fixture.IFACE).urls(List.of(targets));
  }

  private ClusterChannel track(ClusterChannel ch) {
    fx.closeables.add(ch);
    return ch;
  }

  @Test
  void anAttemptForwardsOnReadyOnlyToAListenerThatWantsIt() throws Exception {
    // The transport schedules onReady (a thread hand-off) only for a listener that overrides
    // it: the cluster's listener must not make every unary call pay for one.
    Fixture.Node live = fx.provider("live", 100, "", "", false);
    List<Boolean> wants = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClusterChannel ch = track(staticChannel(live.target()).channelFactory(u -> {
      io.triple.ManagedChannel real = io.triple.Channels.forTarget("tri://" + u.address());
      return new io.triple.ForwardingManagedChannel(real) {
        @Override
        public <Q, R> io.triple.ClientCall<Q, R> newCall(io.triple.MethodDescriptor<Q, R> method,
            io.triple.CallOptions options) {
          return new io.triple.ForwardingClientCall<>(real.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, io.triple.Metadata headers) {
              wants.add(io.triple.internal.ListenerOverrides.wantsOnReady(listener));
              super.start(listener, headers);
            }
          };
        }
      };
    }).build());
    assertEquals("live", call(ch));

    java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Status> closed = new java.util.concurrent.CompletableFuture<>();
    io.triple.ClientCall<String, String> c = ch.newCall(Fixture.GREET, io.triple.CallOptions.DEFAULT);
    c.start(new io.triple.ClientCall.Listener<>() {
      @Override
      public void onReady() {
        ready.complete(null);
      }

      @Override
      public void onClose(Status status, io.triple.Metadata trailers) {
        closed.complete(status);
      }
    }, new io.triple.Metadata());
    c.request(1);
    ready.get(20, java.util.concurrent.TimeUnit.SECONDS); // forwarded: the stream opened
    c.sendMessage("hi");
    c.halfClose();
    assertTrue(closed.get(20, java.util.concurrent.TimeUnit.SECONDS).isOk());
    assertEquals(List.of(false, true), wants);
  }

  @Test
  void failoverSkipsARefusedConnection() throws Exception {
    Fixture.Node live = fx.provider("live", 100, "", "", false);
    String dead = "tri://127.0.0.1:" + Fixture.deadPort();
    ClusterChannel ch = track(staticChannel(dead, live.target()).loadBalance("roundrobin")
        .ejection(1000, Duration.ofSeconds(30), Duration.ofSeconds(30)).build());
    assertEquals(Map.of("live", 40), calls(ch, 40));
  }

  @Test
  void aServerAnswerIsNeverReplayedHoweverItReads() throws Exception {
    // UNAVAILABLE from a handler, worded like a transport's connect failure: the call reached
    // that server (which may have acted on it), so it must not be replayed on the other one.
    Fixture.Node failing = fx.provider("failing", 100, "", "", false);
    Fixture.Node other = fx.provider("other", 100, "", "", false);
    failing.failWith = Status.UNAVAILABLE.withDescription("Failed to connect to 10.0.0.9:5432: Connection refused");
    ClusterChannel ch = track(staticChannel(failing.target()).build());
    StatusException e = assertThrows(StatusException.class, () -> call(ch));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
    assertEquals("Failed to connect to 10.0.0.9:5432: Connection refused", e.getStatus().description());
    assertEquals(1, failing.served.get(), "tried once, not retried");

    ClusterChannel both = track(staticChannel(failing.target(), other.target()).loadBalance("roundrobin").build());
    int failed = 0;
    for (int i = 0; i < 10; i++) {
      try {
        call(both);
      } catch (StatusException x) {
        failed++;
      }
    }
    assertEquals(5, failed, "round robin: the failing provider's answers reach the caller");
    assertEquals(5, other.served.get(), "no call of the failing provider was replayed on the other");
  }

  @Test
  void aCallWithoutAnyProviderFailsUnavailable() {
    // The only listed provider is in another group: the directory has nobody to call. The stub
    // still sends its request after start(); that must not throw "Call not started".
    ClusterChannel ch = track(staticChannel("tri://127.0.0.1:" + 1 + "?group=other").build());
    assertTrue(ch.providers().isEmpty(), ch.toString());
    StatusException e = assertThrows(StatusException.class, () -> call(ch));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
    assertTrue(e.getStatus().description().startsWith("No provider available for " + Fixture.IFACE),
        e.getStatus().description());
    // It says what is listed instead: a version or group mismatch is the usual first mistake.
    assertTrue(e.getStatus().description().endsWith("; providers of it are listed with no version group other, "
        + "not what this channel asks for (no version)"), e.getStatus().description());
  }

  @Test
  void failfastAndZeroRetriesDoNotRetry() throws Exception {
    Fixture.Node live = fx.provider("live", 100, "", "", false);
    String dead = "tri://127.0.0.1:" + Fixture.deadPort();
    for (ClusterChannel ch : List.of(
        track(staticChannel(dead, live.target()).loadBalance("roundrobin").cluster("failfast")
            .ejection(1000, Duration.ofSeconds(30), Duration.ofSeconds(30)).build()),
        track(staticChannel(dead, live.target()).loadBalance("roundrobin").retries(0)
            .ejection(1000, Duration.ofSeconds(30), Duration.ofSeconds(30)).build()))) {
      int failed = 0;
      for (int i = 0; i < 10; i++) {
        try {
          call(ch);
        } catch (StatusException e) {
          assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
          failed++;
        }
      }
      assertEquals(5, failed, "round robin over one dead and one live provider, no retries");
    }
  }

  @Test
  void failsafeAnswersEmpty() throws Exception {
    String dead = "tri://127.0.0.1:" + Fixture.deadPort();
    ClusterChannel ch = track(staticChannel(dead).cluster("failsafe").build());
    assertEquals("", call(ch));
  }

  @Test
  void forkingTakesTheFirstSuccess() throws Exception {
    Fixture.Node slow = fx.provider("slow", 100, "", "", false);
    Fixture.Node fast = fx.provider("fast", 100, "", "", false);
    slow.delayMillis = 2_000;
    ClusterChannel ch = track(staticChannel(slow.target(), fast.target()).cluster("forking").forks(2).build());
    assertEquals(Map.of("fast", 5), calls(ch, 5));
    String dead = "tri://127.0.0.1:" + Fixture.deadPort();
    ClusterChannel ch2 = track(staticChannel(dead, fast.target()).cluster("forking").build());
    assertEquals(Map.of("fast", 5), calls(ch2, 5));
  }

  @Test
  void repeatedlyFailingProviderIsEjected() throws Exception {
    Fixture.Node live = fx.provider("live", 100, "", "", false);
    String dead = "tri://127.0.0.1:" + Fixture.deadPort();
    ClusterChannel ch = track(staticChannel(dead, live.target()).loadBalance("roundrobin").build());
    calls(ch, 20);
    Provider deadProvider = ch.directory().all().stream().filter(p -> !p.address.endsWith(":" + live.port))
        .findFirst().orElseThrow();
    assertTrue(deadProvider.isEjected(System.nanoTime()), "dead provider should be ejected after 3 connect failures");
    assertEquals(List.of(live.port), ch.directory().candidates(List.of()).stream().map(p -> p.url().port()).toList());
  }

  @Test
  void abruptProviderStopFailsOverAndRestartedProviderServesAgain() throws Exception {
    Fixture.Node a = fx.provider("a");
    Fixture.Node b = fx.provider("b");
    Fixture.Node c = fx.provider("c");
    ClusterChannel ch = track(ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), true)
        .ejection(3, Duration.ofMillis(300), Duration.ofSeconds(1)).build());
    assertEquals(3, ch.providers().size());

    int threads = 3;
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        while (running.get()) {
          try {
            answers.merge(call(ch), 1, Integer::sum);
            ok.incrementAndGet();
          } catch (StatusException e) {
            failures.add(e.getStatus().toString());
          }
        }
      });
      workers[t].start();
    }
    try {
      Fixture.await("calls flowing", () -> ok.get() > 50);
      int port = b.port;
      b.server.shutdownNow(); // abrupt: connections reset, node stays in ZooKeeper
      int okAtStop = ok.get();
      Fixture.await("200 more calls after the stop (ok " + okAtStop + " at the stop; failures "
          + failures + ")", () -> ok.get() > okAtStop + 200);
      assertTrue(failures.size() <= threads,
          "only calls in flight at the stop may fail, got " + failures.size() + ": " + failures);
      int failuresBeforeRestart = failures.size();

      int servedBefore = b.served.get();
      b.start(port, List.of()); // same port, same registration
      Fixture.await("restarted provider serves again", () -> b.served.get() > servedBefore + 10);
      assertEquals(failuresBeforeRestart, failures.size(), "failures while the provider came back: " + failures);
    } finally {
      running.set(false);
      for (Thread w : workers) {
        w.join(10_000);
      }
    }
    assertTrue(a.served.get() > 0 && c.served.get() > 0, "answers: " + answers);
  }

  @Test
  void providersSurviveAZooKeeperRestart() throws Exception {
    fx.provider("a");
    fx.provider("b");
    ClusterChannel ch = track(ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), true)
        .loadBalance("roundrobin").build());
    assertEquals(2, ch.providers().size());
    fx.zk.restart();
    assertEquals(Map.of("a", 5, "b", 5), calls(ch, 10), "calls during/after the ZooKeeper restart");
    fx.provider("c");
    Fixture.await("provider registered after the restart is seen", () -> ch.providers().size() == 3);
    assertEquals(Map.of("a", 10, "b", 10, "c", 10), calls(ch, 30));
  }

  @Test
  void unregisteredProviderIsDropped() throws Exception {
    Fixture.Node a = fx.provider("a");
    fx.provider("b");
    ClusterChannel ch = track(ClusterChannel.builder(Fixture.IFACE).registry(fx.registry(), true).build());
    assertEquals(2, ch.providers().size());
    a.registry.close();
    Fixture.await("provider a gone", () -> ch.providers().size() == 1);
    assertEquals(Map.of("b", 20), calls(ch, 20));
  }
}
