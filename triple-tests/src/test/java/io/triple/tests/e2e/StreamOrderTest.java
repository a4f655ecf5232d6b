package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * Many small messages, each requested with request(1) by the stub after the previous one was
 * handled: on both sides, request(n) from an application thread takes messages that are already
 * buffered while the event loop keeps adding DATA. Every message must arrive once, in order,
 * followed by the end of the stream, with callbacks spread over a multi-threaded executor.
 */
class StreamOrderTest {
  private static final int MESSAGES = 20_000;

  private ExecutorService serverPool;
  private TripleServer server;
  private GreeterClient client;
  /** Counts down when a call's status has been written to the connection (onComplete). */
  private final CountDownLatch statusSent = new CountDownLatch(1);

  /** Echoes each bidi message; streams MESSAGES numbered replies; counts a client stream. */
  static class Numbered implements Greeter {

    @Override
    public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> out) {
      ServerCallStreamObserver<GreeterReply> obs = (ServerCallStreamObserver<GreeterReply>) out;
      int[] next = {0};
      Runnable drain = () -> {
        while (next[0] < MESSAGES && obs.isReady() && !obs.isCancelled()) {
          obs.onNext(GreeterReply.newBuilder().setMessage(Integer.toString(next[0]++)).build());
        }
        if (next[0] == MESSAGES) {
          next[0]++;
          obs.onCompleted();
        }
      };
      obs.setOnReadyHandler(drain);
      drain.run();
    }

    @Override
    public StreamObserver<GreeterRequest> greetClientStream(StreamObserver<GreeterReply> out) {
      return new StreamObserver<>() {
        int expected;
        String error;

        @Override
        public void onNext(GreeterRequest value) {
          // A name is the message's number, optionally followed by "/" and padding.
          String number = value.getName().split("/", 2)[0];
          if (error == null && !number.equals(Integer.toString(expected))) {
            error = "expected " + expected + ", got " + number;
          }
          expected++;
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onNext(GreeterReply.newBuilder().setMessage(error != null ? error : "received " + expected).build());
          out.onCompleted();
        }
      };
    }

    @Override
    public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(GreeterRequest value) {
          out.onNext(GreeterReply.newBuilder().setMessage(value.getName()).build());
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

  /** Collects replies and checks they count up from 0. */
  static class OrderedCollector implements StreamObserver<GreeterReply> {
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<String> problem = new AtomicReference<>();
    volatile int received;

    @Override
    public void onNext(GreeterReply value) {
      if (!value.getMessage().equals(Integer.toString(received))) {
        problem.compareAndSet(null, "expected " + received + ", got " + value.getMessage());
      }
      received++;
    }

    @Override
    public void onError(Throwable t) {
      problem.compareAndSet(null, "error: " + t);
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }

    void await() throws InterruptedException {
      assertTrue(done.await(60, TimeUnit.SECONDS), "stream did not end; received " + received);
      assertNull(problem.get());
      assertEquals(MESSAGES, received);
    }
  }

  @BeforeEach
  void start() throws Exception {
    serverPool = Executors.newFixedThreadPool(4);
    server = TripleServer.builder().host("127.0.0.1").port(0).executor(serverPool)
        .addService(GreeterTriple.bindService(new Numbered()))
        .intercept(new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            return new ForwardingServerCallListener<>(next.startCall(call, headers)) {
              @Override
              public void onComplete() {
                statusSent.countDown();
                super.onComplete();
              }
            };
          }
        }).build().start();
    client = GreeterClient.create("tri://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
    serverPool.shutdownNow();
  }

  @Test
  void serverStreamArrivesInOrder() throws Exception {
    OrderedCollector replies = new OrderedCollector();
    client.greetServerStream(GreeterRequest.newBuilder().setName("go").build(), replies);
    replies.await();
  }

  /**
   * The client reads only after the server has ended the stream: the trailers are then already
   * here while most messages still wait in the client's buffer, and each request(1) hands out
   * one of them and, after the last, the status.
   */
  @Test
  void serverStreamReadAfterTheServerHasFinished() throws Exception {
    OrderedCollector replies = new OrderedCollector() {
      @Override
      public void onNext(GreeterReply value) {
        if (received == 0) {
          try {
            // The trailers are on the wire: the client reads them while this callback waits.
            assertTrue(statusSent.await(30, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        super.onNext(value);
      }
    };
    client.greetServerStream(GreeterRequest.newBuilder().setName("go").build(), replies);
    replies.await();
  }

  @Test
  void clientStreamArrivesInOrder() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    List<String> replies = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ClientCallStreamObserver<GreeterRequest> up = client.greetClientStream(new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply value) {
        replies.add(value.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        failure.set(t);
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    for (int i = 0; i < MESSAGES; i++) {
      up.onNext(GreeterRequest.newBuilder().setName(Integer.toString(i)).build());
    }
    up.onCompleted();
    assertTrue(done.await(60, TimeUnit.SECONDS), "client stream did not end");
    assertNull(failure.get());
    assertEquals(List.of("received " + MESSAGES), replies);
  }

  /**
   * The producer follows isReady()/onReady, and every 100th message is 8 KiB: small messages are
   * framed into shared batch buffers on the sending thread, large ones keep their own, and the
   * two kinds must still leave in the order they were sent.
   */
  @Test
  void clientStreamOfMixedSizesFollowingIsReadyArrivesInOrder() throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    ClientCallStreamObserver<GreeterRequest> up = client.greetClientStream(new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply value) {
        reply.complete(value.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        reply.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    String padding = "/" + "p".repeat(8 * 1024);
    int[] next = {0};
    Runnable drain = () -> {
      synchronized (next) { // onReady runs on the call executor, the first drain on this thread
        while (next[0] < MESSAGES && up.isReady()) {
          int i = next[0]++;
          up.onNext(GreeterRequest.newBuilder().setName(i % 100 == 99 ? i + padding : Integer.toString(i)).build());
        }
        if (next[0] == MESSAGES) {
          next[0]++;
          up.onCompleted();
        }
      }
    };
    up.setOnReadyHandler(drain);
    drain.run();
    assertEquals("received " + MESSAGES, reply.get(60, TimeUnit.SECONDS));
  }

  @Test
  void bidiEchoArrivesInOrder() throws Exception {
    OrderedCollector replies = new OrderedCollector();
    ClientCallStreamObserver<GreeterRequest> up = client.greetStream(replies);
    for (int i = 0; i < MESSAGES; i++) {
      up.onNext(GreeterRequest.newBuilder().setName(Integer.toString(i)).build());
    }
    up.onCompleted();
    replies.await();
  }
}
