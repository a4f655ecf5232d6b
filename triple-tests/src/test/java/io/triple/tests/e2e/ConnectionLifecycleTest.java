package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Deadline;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ResponseIterator;
import io.triple.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;

/** Shutdown, restart, keepalive, cancellation and deadline propagation over real sockets. */
class ConnectionLifecycleTest {

  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  static GreeterReply reply(String message) {
    return GreeterReply.newBuilder().setMessage(message).build();
  }

  /** Answers "done NAME"; a call named "slow" counts down {@code entered}, then waits for {@code release}. */
  static Greeter slowGreeter(CountDownLatch entered, CountDownLatch release) {
    return new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        if (request.getName().equals("slow")) {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return reply("done " + request.getName());
      }
    };
  }

  static TripleServer.Builder server(Greeter impl) {
    return TripleServer.builder().host("127.0.0.1").port(0).addService(GreeterTriple.bindService(impl));
  }

  /** Polls until {@code check} passes or 10 s pass; returns the last failure otherwise. */
  static void eventually(Runnable check) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    AssertionError last = null;
    while (System.nanoTime() < end) {
      try {
        check.run();
        return;
      } catch (AssertionError | StatusException e) {
        last = e instanceof AssertionError a ? a : new AssertionError(e);
        Thread.sleep(50);
      }
    }
    throw last;
  }

  @Test
  void gracefulShutdownLetsInFlightCallsFinishAndRefusesNewOnes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TripleServer server = server(slowGreeter(entered, release)).build().start();
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      CompletableFuture<GreeterReply> inFlight = client.greetAsync(req("slow"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      server.shutdown();
      // The connection got GOAWAY; a new call cannot be served any more.
      eventually(() -> {
        StatusException e = assertThrows(StatusException.class, () -> client.greet(req("new")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.toString());
      });
      release.countDown();
      assertEquals("done slow", inFlight.get(10, TimeUnit.SECONDS).getMessage());
      assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
    } finally {
      server.shutdownNow();
    }
  }

  /** A "slow" call held by the server until {@link #release}, on a channel of its own. */
  private record SlowCall(TripleServer server, TripleChannel channel, GreeterClient client,
      CompletableFuture<GreeterReply> inFlight, CountDownLatch release) implements AutoCloseable {
    static SlowCall start() throws InterruptedException {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      TripleServer server =
          ConnectionLifecycleTest.server(slowGreeter(entered, release)).build().start();
      TripleChannel channel = TripleChannel.forAddress("127.0.0.1", server.port()).build();
      GreeterClient client = GreeterClient.create(channel);
      SlowCall call = new SlowCall(server, channel, client, client.greetAsync(req("slow")), release);
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the slow call did not reach the server");
      return call;
    }

    /** The channel, shut down, is still waiting for the call; once released, it ends. */
    void assertShutdownWaitsForIt(String what) throws Exception {
      assertFalse(channel.awaitTermination(Duration.ofMillis(300)), "terminated with " + what);
      release.countDown();
      assertEquals("done slow", inFlight.get(10, TimeUnit.SECONDS).getMessage());
      assertTrue(channel.awaitTermination(Duration.ofSeconds(10)));
    }

    @Override
    public void close() {
      release.countDown();
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** A channel's graceful shutdown refuses new calls and lets the ones in flight finish. */
  @Test
  void channelShutdownLetsCallsInFlightFinish() throws Exception {
    try (SlowCall call = SlowCall.start()) {
      call.channel().shutdown();
      StatusException refused =
          assertThrows(StatusException.class, () -> call.client().greet(req("new")));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().code());
      call.assertShutdownWaitsForIt("a call in flight");
    }
  }

  /**
   * A channel's graceful shutdown waits for calls on a connection that is draining after a
   * GOAWAY, not only for its current connection: it used to stop the I/O threads as soon as the
   * current one closed, which killed the draining connection's call in flight.
   */
  @Test
  void channelShutdownWaitsForCallsOnADrainingConnection() throws Exception {
    try (SlowCall call = SlowCall.start()) {
      call.server().shutdown(); // GOAWAY: the connection drains; new calls need another
      eventually(() -> {
        StatusException e = assertThrows(StatusException.class, () -> call.client().greet(req("new")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.toString());
      });
      call.channel().shutdown();
      call.assertShutdownWaitsForIt("a call in flight on the draining connection");
    }
  }

  /**
   * The race a single GOAWAY loses: a call the client starts just as the server begins to shut
   * down is sent before the GOAWAY arrives. It must be either served or refused on its own; the
   * call already in flight on the same connection must finish either way (it used to be killed
   * when the server refused the racing stream and then got its DATA).
   */
  @Test
  void callsRacingTheGoAwayDoNotKillTheCallInFlight() throws Exception {
    for (int round = 0; round < 10; round++) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      TripleServer server = server(slowGreeter(entered, release)).build().start();
      try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
        CompletableFuture<GreeterReply> inFlight = client.greetAsync(req("slow"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        server.shutdown();
        for (int i = 0; i < 3; i++) {
          try {
            assertEquals("done racer", client.greet(req("racer")).getMessage());
          } catch (StatusException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.toString());
          }
        }
        release.countDown();
        assertEquals("done slow", inFlight.get(10, TimeUnit.SECONDS).getMessage(), "round " + round);
        assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
      } finally {
        server.shutdownNow();
      }
    }
  }

  /** A client's shutdownNow() ends its calls, including ones to a peer that never answers. */
  @Test
  void channelShutdownNowEndsPendingCalls() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // Accepts TCP (the kernel does) but never speaks HTTP/2: calls stay pending.
      io.triple.client.TripleChannel channel = io.triple.client.TripleChannel.forAddress("127.0.0.1", silent.getLocalPort()).build();
      GreeterClient client = GreeterClient.create(channel);
      List<CompletableFuture<GreeterReply>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(client.greetAsync(req("pending " + i)));
      }
      channel.shutdownNow();
      for (CompletableFuture<GreeterReply> call : calls) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.UNAVAILABLE, ((StatusException) e.getCause()).getStatus().code(), e.toString());
      }
      assertTrue(channel.awaitTermination(Duration.ofSeconds(10)));
    }
  }

  @Test
  void shutdownNowCancelsInFlightCalls() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    TripleServer server = server(new Greeter() {
      @Override
      public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> out) {
        ServerContext.current().addCancellationListener(cancelled::countDown);
        out.onNext(reply("first"));
        entered.countDown();
      }
    }).build().start();
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      ResponseIterator<GreeterReply> it = client.greetServerStream(req("x"));
      assertEquals("first", it.next().getMessage());
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      server.shutdownNow();
      StatusException e = assertThrows(StatusException.class, it::hasNext);
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.toString());
      assertTrue(cancelled.await(10, TimeUnit.SECONDS), "handler saw the cancellation");
    }
  }

  @Test
  void clientReconnectsAfterServerRestart() throws Exception {
    Greeter impl = new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return reply("up");
      }
    };
    TripleServer first = server(impl).build().start();
    int port = first.port();
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + port)) {
      assertEquals("up", client.greet(req("a")).getMessage());
      first.shutdownNow();
      assertTrue(first.awaitTermination(Duration.ofSeconds(10)));
      StatusException down = assertThrows(StatusException.class, () -> client.greet(req("b")));
      assertEquals(Status.Code.UNAVAILABLE, down.getStatus().code());
      TripleServer second = TripleServer.builder().host("127.0.0.1").port(port)
          .addService(GreeterTriple.bindService(impl)).build().start();
      try {
        eventually(() -> assertEquals("up", client.greet(req("c")).getMessage()));
      } finally {
        second.shutdownNow();
      }
    }
  }

  @Test
  void keepAlivePingsKeepAnIdleConnection() throws Exception {
    AtomicReference<String> peer = new AtomicReference<>();
    TripleServer server = server(new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return reply(String.valueOf(ServerContext.current().remoteAddress()));
      }
    }).keepAliveTime(Duration.ofMillis(50)).keepAliveTimeout(Duration.ofSeconds(5))
        .permitKeepAliveTime(Duration.ZERO).permitKeepAliveWithoutCalls(true).build().start();
    try (TripleChannel channel = TripleChannel.forAddress("127.0.0.1", server.port())
            .keepAliveTime(Duration.ofMillis(50)).keepAliveWithoutCalls(true).build()) {
      GreeterClient client = GreeterClient.create(channel);
      peer.set(client.greet(req("a")).getMessage());
      Thread.sleep(500); // idle across several keepalive rounds on both sides
      assertEquals(peer.get(), client.greet(req("b")).getMessage(), "same connection after idle pings");
    } finally {
      server.close();
    }
  }

  @Test
  void clientCancelReachesTheHandlerAndServerCancelReachesTheClient() throws Exception {
    CountDownLatch handlerCancelled = new CountDownLatch(1);
    TripleServer server = server(new Greeter() {
      @Override
      public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> out) {
        ((ServerCallStreamObserver<GreeterReply>) out).setOnCancelHandler(handlerCancelled::countDown);
        return new StreamObserver<>() {
          @Override
          public void onNext(GreeterRequest value) {
            if (value.getName().equals("cancel me")) {
              out.onError(Status.CANCELLED.withDescription("server gave up").asException());
            } else {
              out.onNext(reply("got " + value.getName()));
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        };
      }
    }).build().start();
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      CompletableFuture<GreeterReply> first = new CompletableFuture<>();
      CompletableFuture<Throwable> end = new CompletableFuture<>();
      ClientCallStreamObserver<GreeterRequest> out = client.greetStream(observer(first, end));
      out.onNext(req("hello"));
      assertEquals("got hello", first.get(10, TimeUnit.SECONDS).getMessage());
      out.cancel("user hung up", null);
      assertTrue(handlerCancelled.await(10, TimeUnit.SECONDS), "handler saw the client's cancel");
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(end.get(10, TimeUnit.SECONDS)).code());

      CompletableFuture<Throwable> end2 = new CompletableFuture<>();
      ClientCallStreamObserver<GreeterRequest> out2 = client.greetStream(observer(new CompletableFuture<>(), end2));
      out2.onNext(req("cancel me"));
      Status s = Status.fromThrowable(end2.get(10, TimeUnit.SECONDS));
      assertEquals(Status.Code.CANCELLED, s.code());
      assertEquals("server gave up", s.description());
    } finally {
      server.close();
    }
  }

  private static StreamObserver<GreeterReply> observer(
      CompletableFuture<GreeterReply> first, CompletableFuture<Throwable> end) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply value) {
        first.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        end.complete(t);
      }

      @Override
      public void onCompleted() {
        end.complete(null);
      }
    };
  }

  @Test
  void deadlinePropagatesToCallsMadeByAHandler() throws Exception {
    CompletableFuture<Deadline> seenDownstream = new CompletableFuture<>();
    TripleServer backend = server(new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        seenDownstream.complete(ServerContext.current().deadline());
        return reply("backend");
      }
    }).build().start();
    GreeterClient toBackend = GreeterClient.create("tri://127.0.0.1:" + backend.port());
    TripleServer frontend = server(new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return toBackend.greet(request); // no timeout of its own
      }
    }).build().start();
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + frontend.port())) {
      assertEquals("backend", client.withTimeout(Duration.ofSeconds(30)).greet(req("x")).getMessage());
      Deadline d = seenDownstream.get(10, TimeUnit.SECONDS);
      assertNotNull(d, "the backend saw a grpc-timeout");
      assertTrue(d.timeRemaining(TimeUnit.SECONDS) <= 30, d.toString());
    } finally {
      toBackend.close();
      frontend.close();
      backend.close();
    }
  }
}
