package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptors;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.interceptor.ActiveLimitInterceptor;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client-side limit on calls in flight per method (Dubbo's actives), against a real server. */
@Timeout(30)
class ActiveLimitTest {
  private static final String GREET = GreeterTriple.GREET_METHOD.fullMethodName();
  private static final String STREAM = GreeterTriple.GREET_STREAM_METHOD.fullMethodName();

  /** "wait" calls hold until released; the server counts calls in its handler and the most at once. */
  static final class Hello implements Greeter {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger entered = new AtomicInteger();
    final AtomicInteger inHandler = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public GreeterReply greet(GreeterRequest request) {
      entered.incrementAndGet();
      mostAtOnce.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
      try {
        if (request.getName().equals("wait")) {
          release.await(20, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inHandler.decrementAndGet();
      }
      return GreeterReply.newBuilder().setMessage("hello " + request.getName()).build();
    }

    @Override
    public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> out) {
      entered.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(GreeterRequest r) {
          out.onNext(GreeterReply.newBuilder().setMessage("reply " + r.getName()).build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  private final Hello hello = new Hello();
  private TripleServer server;
  private TripleChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(hello)).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", server.port()).build();
  }

  @AfterEach
  void stop() throws Exception {
    hello.release.countDown();
    channel.shutdownNow();
    server.shutdownNow();
  }

  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  private static void awaitValue(int expected, IntSupplier actual) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (actual.getAsInt() != expected && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertEquals(expected, actual.getAsInt());
  }

  @Test
  void callsOverTheLimitWaitUnsentAndGoOutAsSlotsFree() throws Exception {
    ActiveLimitInterceptor limit = new ActiveLimitInterceptor(2);
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, limit));
    List<CompletableFuture<GreeterReply>> calls = new CopyOnWriteArrayList<>();
    calls.add(client.greetAsync(req("wait")));
    calls.add(client.greetAsync(req("wait")));
    awaitValue(2, hello.entered::get);
    for (int i = 0; i < 4; i++) {
      calls.add(client.greetAsync(req("wait")));
    }
    awaitValue(4, () -> limit.waiting(GREET));
    assertEquals(2, limit.active(GREET));
    assertEquals(2, hello.entered.get(), "a waiting call reached the server");

    hello.release.countDown();
    for (CompletableFuture<GreeterReply> c : calls) {
      assertEquals("hello wait", c.get(10, TimeUnit.SECONDS).getMessage());
    }
    assertEquals(6, hello.entered.get());
    assertEquals(2, hello.mostAtOnce.get(), "more calls than the limit ran at once");
    assertEquals(0, limit.active(GREET));
    assertEquals(0, limit.waiting(GREET));
  }

  @Test
  void aCallStillWaitingAtItsDeadlineFailsWithResourceExhaustedAndIsNotSent() throws Exception {
    ActiveLimitInterceptor limit = new ActiveLimitInterceptor(1, "127.0.0.1:" + server.port());
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, limit));
    CompletableFuture<GreeterReply> first = client.greetAsync(req("wait"));
    awaitValue(1, hello.entered::get);

    StatusException e = assertThrows(StatusException.class,
        () -> client.withTimeout(Duration.ofMillis(200)).greet(req("late")));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.toString());
    String d = e.getStatus().description();
    assertTrue(d.contains("actives 1") && d.contains(GREET) && d.contains("127.0.0.1:" + server.port())
        && d.contains("not sent"), d);
    assertEquals(0, limit.waiting(GREET));

    // Another method has slots of its own.
    GreeterClient streams = GreeterClient.create(ClientInterceptors.intercept(channel, limit));
    CompletableFuture<String> other = new CompletableFuture<>();
    StreamObserver<GreeterRequest> out = streams.greetStream(collect(other));
    out.onNext(req("x"));
    out.onCompleted();
    assertEquals("reply x", other.get(10, TimeUnit.SECONDS));

    hello.release.countDown();
    assertEquals("hello wait", first.get(10, TimeUnit.SECONDS).getMessage());
    assertEquals("hello after", client.greet(req("after")).getMessage());
    assertEquals(3, hello.entered.get(), "the call that timed out in line reached the server");
    assertEquals(0, limit.active(GREET));
  }

  @Test
  void aWaitingCallCancelledEndsAtOnceAndGivesUpItsPlace() throws Exception {
    ActiveLimitInterceptor limit = new ActiveLimitInterceptor(1);
    Channel limited = ClientInterceptors.intercept(channel, limit);
    CompletableFuture<GreeterReply> first = GreeterClient.create(limited).greetAsync(req("wait"));
    awaitValue(1, hello.entered::get);

    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<GreeterRequest, GreeterReply> call = unary(limited, CallOptions.DEFAULT, "never", closed);
    awaitValue(1, () -> limit.waiting(GREET));
    call.cancel("the caller gave up", null);
    Status status = closed.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.CANCELLED, status.code());
    assertEquals("the caller gave up", status.description());
    assertEquals(0, limit.waiting(GREET));

    hello.release.countDown();
    assertEquals("hello wait", first.get(10, TimeUnit.SECONDS).getMessage());
    assertEquals(1, hello.entered.get(), "the cancelled call reached the server");
    awaitValue(0, () -> limit.active(GREET));
  }

  @Test
  void aStreamWaitingForItsSlotSendsWhatItWasGivenInOrder() throws Exception {
    ActiveLimitInterceptor limit = new ActiveLimitInterceptor(1);
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, limit));
    CompletableFuture<String> firstDone = new CompletableFuture<>();
    StreamObserver<GreeterRequest> first = client.greetStream(collect(firstDone));
    awaitValue(1, hello.entered::get);

    CompletableFuture<String> secondDone = new CompletableFuture<>();
    StreamObserver<GreeterRequest> second = client.greetStream(collect(secondDone));
    for (String name : List.of("a", "b", "c")) {
      second.onNext(req(name));
    }
    second.onCompleted();
    awaitValue(1, () -> limit.waiting(STREAM));
    assertEquals(1, hello.entered.get());

    first.onNext(req("1"));
    first.onCompleted();
    assertEquals("reply 1", firstDone.get(10, TimeUnit.SECONDS));
    assertEquals("reply a,reply b,reply c", secondDone.get(10, TimeUnit.SECONDS));
    awaitValue(0, () -> limit.active(STREAM));
  }

  /** A waiting call whose executor is shut down still hears how it ended (on the timer's thread). */
  @Test
  void aWaitingCallWhoseExecutorIsGoneStillEnds() throws Exception {
    ActiveLimitInterceptor limit = new ActiveLimitInterceptor(1);
    Channel limited = ClientInterceptors.intercept(channel, limit);
    CompletableFuture<GreeterReply> first = GreeterClient.create(limited).greetAsync(req("wait"));
    awaitValue(1, hello.entered::get);

    java.util.concurrent.ExecutorService gone = java.util.concurrent.Executors.newSingleThreadExecutor();
    gone.shutdown();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    unary(limited, CallOptions.DEFAULT.withExecutor(gone).withTimeout(Duration.ofMillis(200)), "late", closed);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, closed.get(10, TimeUnit.SECONDS).code());
    hello.release.countDown();
    assertEquals("hello wait", first.get(10, TimeUnit.SECONDS).getMessage());
    awaitValue(0, () -> limit.active(GREET));
  }

  @Test
  void aLimitBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ActiveLimitInterceptor(0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  /** A unary greet started, sent and half-closed through the call API; {@code closed} gets its status. */
  private static ClientCall<GreeterRequest, GreeterReply> unary(Channel channel, CallOptions options, String name,
      CompletableFuture<Status> closed) {
    ClientCall<GreeterRequest, GreeterReply> call = channel.newCall(GreeterTriple.GREET_METHOD, options);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(req(name));
    call.halfClose();
    return call;
  }

  /** Completes {@code done} with the replies joined by commas when the stream ends, or with its error. */
  private static StreamObserver<GreeterReply> collect(CompletableFuture<String> done) {
    List<String> replies = new CopyOnWriteArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply r) {
        replies.add(r.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(String.join(",", replies));
      }
    };
  }
}
