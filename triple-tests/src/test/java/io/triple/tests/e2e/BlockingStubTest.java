package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ResponseIterator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking stubs (unary calls and server-stream iterators): their callbacks run on the waiting
 * thread (one hand-off from the I/O thread, as grpc-java's blocking stubs), and every way a wait
 * can end (response, error, deadline, interrupt, early close, a channel with an executor of its
 * own) ends it.
 */
@Timeout(30)
class BlockingStubTest {
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch serverSawCancel = new CountDownLatch(1);
  private TripleServer server;
  private ManagedChannel channel;

  /** Greets; "hold" waits for the test or a cancellation (and records that); "bad" fails. */
  final class Hello implements Greeter {
    @Override
    public GreeterReply greet(GreeterRequest request) {
      if (request.getName().equals("hold")) {
        // The cancellation listener would run on this call's executor, which this method holds:
        // look at the flag the transport sets instead.
        ServerContext context = ServerContext.current();
        holding.countDown();
        try {
          for (int i = 0; i < 2000 && !release.await(10, TimeUnit.MILLISECONDS); i++) {
            if (context.isCancelled()) {
              serverSawCancel.countDown();
              break;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (request.getName().equals("bad")) {
        throw Status.INVALID_ARGUMENT.withDescription("bad name").asException();
      }
      return GreeterReply.newBuilder().setMessage("hello " + request.getName()).build();
    }

    /** Sends the request's name as a count of numbered replies, then "x-end: yes" in trailers. */
    @Override
    public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> out) {
      int n = Integer.parseInt(request.getName());
      ServerContext.current().responseHeaders().put("x-count", Integer.toString(n));
      ServerContext.current().responseTrailers().put("x-end", "yes");
      for (int i = 0; i < n; i++) {
        out.onNext(GreeterReply.newBuilder().setMessage(Integer.toString(i)).build());
      }
      out.onCompleted();
    }
  }

  /** Records the thread and status each listener callback of a call sees. */
  static final class Recorder implements ClientInterceptor {
    final List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
    final List<Status> closes = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new ForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata h) {
                  callbackThreads.add(Thread.currentThread());
                  super.onHeaders(h);
                }

                @Override
                public void onMessage(RespT message) {
                  callbackThreads.add(Thread.currentThread());
                  super.onMessage(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  callbackThreads.add(Thread.currentThread());
                  closes.add(status);
                  super.onClose(status, trailers);
                  closed.countDown();
                }
              },
              headers);
        }
      };
    }
  }

  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  @BeforeEach
  void start() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(new Hello())).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", server.port()).build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void callbacksOfABlockingCallRunOnTheCallingThread() {
    Recorder recorder = new Recorder();
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, recorder));
    assertEquals("hello triple", client.greet(req("triple")).getMessage());
    assertEquals(3, recorder.callbackThreads.size(), "headers, message, close");
    for (Thread t : recorder.callbackThreads) {
      assertSame(Thread.currentThread(), t, "callback ran on " + t.getName());
    }

    StatusException e = assertThrows(StatusException.class, () -> client.greet(req("bad")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().code());
    assertEquals("bad name", e.getStatus().description());
    assertSame(Thread.currentThread(), recorder.callbackThreads.get(recorder.callbackThreads.size() - 1));
  }

  @Test
  void aBlockingCallFromTheChannelsOnlyCallbackThreadCompletes() throws Exception {
    // Its callbacks do not need a free thread of the channel's executor: before they ran on the
    // caller, this call waited for the one thread it was blocking.
    ExecutorService single = Executors.newSingleThreadExecutor();
    ManagedChannel narrow =
        TripleChannel.forAddress("127.0.0.1", server.port()).executor(single).build();
    try {
      GreeterClient client = GreeterClient.create(narrow);
      CompletableFuture<String> outer = new CompletableFuture<>();
      single.execute(() -> {
        try {
          outer.complete(client.greet(req("nested")).getMessage());
        } catch (Throwable t) {
          outer.completeExceptionally(t);
        }
      });
      assertEquals("hello nested", outer.get(10, TimeUnit.SECONDS));
    } finally {
      narrow.shutdownNow();
      single.shutdownNow();
    }
  }

  @Test
  void theDeadlineEndsTheWait() {
    GreeterClient client = GreeterClient.create(channel).withTimeout(Duration.ofMillis(200));
    StatusException e = assertThrows(StatusException.class, () -> client.greet(req("hold")));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
  }

  @Test
  void interruptCancelsTheCallAndItsCloseStillReachesInterceptors() throws Exception {
    Recorder recorder = new Recorder();
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, recorder));
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                holding.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.start();
    StatusException e = assertThrows(StatusException.class, () -> client.greet(req("hold")));
    boolean interrupted = Thread.interrupted(); // clears it for the rest of the test
    interrupter.join();
    assertEquals(Status.Code.CANCELLED, e.getStatus().code());
    assertEquals("Thread interrupted", e.getStatus().description());
    assertTrue(interrupted, "the interrupt status is kept for the caller");
    assertTrue(serverSawCancel.await(10, TimeUnit.SECONDS), "the server saw the call cancelled");
    assertTrue(recorder.closed.await(10, TimeUnit.SECONDS), "onClose ran after the caller left");
    assertEquals(Status.Code.CANCELLED, recorder.closes.get(0).code());
  }

  @Test
  void aServerStreamIsReadOnTheIteratingThreadInOrder() {
    Recorder recorder = new Recorder();
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, recorder));
    int n = 2000;
    try (ResponseIterator<GreeterReply> it = client.greetServerStream(req(Integer.toString(n)))) {
      assertEquals(Integer.toString(n), it.headers().get("x-count"));
      for (int i = 0; i < n; i++) {
        assertTrue(it.hasNext());
        assertEquals(Integer.toString(i), it.next().getMessage());
      }
      assertFalse(it.hasNext());
      assertTrue(it.status().isOk());
      assertEquals("yes", it.trailers().get("x-end"));
    }
    assertEquals(n + 2, recorder.callbackThreads.size(), "headers, messages, close");
    for (Thread t : recorder.callbackThreads) {
      assertSame(Thread.currentThread(), t, "callback ran on " + t.getName());
    }
  }

  @Test
  void anIteratorMayBeHandedToAnotherThread() throws Exception {
    GreeterClient client = GreeterClient.create(channel);
    ResponseIterator<GreeterReply> it = client.greetServerStream(req("50"));
    assertEquals("0", it.next().getMessage());
    AtomicReference<Object> rest = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                int count = 0;
                while (it.hasNext()) {
                  assertEquals(Integer.toString(++count), it.next().getMessage());
                }
                rest.set(count);
              } catch (Throwable t) {
                rest.set(t);
              }
            });
    other.start();
    other.join();
    assertEquals(49, rest.get());
  }

  @Test
  void closingAnIteratorEarlyCancelsTheCallAndItsCloseStillRuns() throws Exception {
    Recorder recorder = new Recorder();
    GreeterClient client = GreeterClient.create(ClientInterceptors.intercept(channel, recorder));
    ResponseIterator<GreeterReply> it = client.greetServerStream(req("100000"));
    assertEquals("0", it.next().getMessage());
    it.close();
    assertTrue(recorder.closed.await(10, TimeUnit.SECONDS), "onClose ran without a reader");
    assertEquals(Status.Code.CANCELLED, recorder.closes.get(0).code());
    StatusException e = assertThrows(StatusException.class, () -> {
      while (it.hasNext()) {
        it.next(); // messages that arrived before the cancel may still be read
      }
    });
    assertEquals(Status.Code.CANCELLED, e.getStatus().code());
  }

  @Test
  void aChannelThatUsesItsOwnExecutorStillWakesTheCaller() throws Exception {
    ExecutorService own = Executors.newSingleThreadExecutor();
    AtomicReference<Thread> closeThread = new AtomicReference<>();
    try {
      Channel ownExecutor =
          new Channel() {
            @Override
            public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options) {
              return channel.newCall(method, options.withExecutor(own));
            }

            @Override
            public String authority() {
              return channel.authority();
            }
          };
      Recorder recorder = new Recorder();
      GreeterClient client =
          GreeterClient.create(ClientInterceptors.intercept(ownExecutor, recorder));
      assertEquals("hello own", client.greet(req("own")).getMessage());
      try (ResponseIterator<GreeterReply> it = client.greetServerStream(req("3"))) {
        assertEquals("3", it.headers().get("x-count"));
        int count = 0;
        while (it.hasNext()) {
          assertEquals(Integer.toString(count++), it.next().getMessage());
        }
        assertEquals(3, count);
      }
      closeThread.set(recorder.callbackThreads.get(recorder.callbackThreads.size() - 1));
    } finally {
      own.shutdownNow();
    }
    assertTrue(closeThread.get() != Thread.currentThread(), "ran on the channel's own executor");
  }
}
