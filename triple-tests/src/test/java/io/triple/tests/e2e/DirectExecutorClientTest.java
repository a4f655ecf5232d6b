package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ManagedChannel;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client whose callbacks run directly on its I/O thread ({@code executor(Runnable::run)}), and
 * which starts new calls and sends messages from inside them: the transport is then re-entered
 * while it is handing off the callbacks of a read. Every call must complete once, in order.
 */
class DirectExecutorClientTest {
  private static final int CHAINS = 64;
  private static final int CALLS = 5_000;
  private static final int MESSAGES = 5_000;

  private TripleServer server;
  private ManagedChannel channel;
  private GreeterClient client;

  /** Echoes a unary request's name; bidi echo as in StreamOrderTest. */
  static final class Echo extends StreamOrderTest.Numbered {
    @Override
    public GreeterReply greet(GreeterRequest request) {
      return GreeterReply.newBuilder().setMessage(request.getName()).build();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(new Echo())).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", server.port()).executor(Runnable::run).build();
    client = GreeterClient.create(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void chainedUnaryCallsStartedFromCallbacksAllCompleteOnce() throws Exception {
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicReference<String> problem = new AtomicReference<>();
    CountDownLatch chainsDone = new CountDownLatch(CHAINS);
    final class Chain implements StreamObserver<GreeterReply> {
      private String expected;
      private boolean replied;

      void next() {
        int n = issued.getAndIncrement();
        if (n >= CALLS) {
          chainsDone.countDown();
          return;
        }
        expected = Integer.toString(n);
        replied = false;
        client.greet(GreeterRequest.newBuilder().setName(expected).build(), this);
      }

      @Override
      public void onNext(GreeterReply value) {
        if (replied || !value.getMessage().equals(expected)) {
          problem.compareAndSet(null, "call " + expected + ": reply " + value.getMessage() + (replied ? " (twice)" : ""));
        }
        replied = true;
      }

      @Override
      public void onError(Throwable t) {
        problem.compareAndSet(null, "call " + expected + " failed: " + t);
        chainsDone.countDown();
      }

      @Override
      public void onCompleted() {
        if (!replied) {
          problem.compareAndSet(null, "call " + expected + " completed without a reply");
        }
        completed.incrementAndGet();
        next();
      }
    }
    for (int i = 0; i < CHAINS; i++) {
      new Chain().next();
    }
    assertTrue(chainsDone.await(60, TimeUnit.SECONDS), "stuck: " + completed.get() + " of " + CALLS + " completed");
    assertNull(problem.get());
    assertEquals(CALLS, completed.get());
  }

  @Test
  void bidiEchoSentFromCallbacksArrivesInOrder() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicInteger received = new AtomicInteger();
    AtomicReference<io.triple.stub.ClientCallStreamObserver<GreeterRequest>> up = new AtomicReference<>();
    up.set(client.greetStream(new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply value) {
        int n = received.getAndIncrement();
        if (!value.getMessage().equals(Integer.toString(n))) {
          problem.compareAndSet(null, "expected " + n + ", got " + value.getMessage());
        }
        // Each echo sends the next message, from the I/O thread, while later echoes of the same
        // read may still be waiting to be handed over.
        int next = n + 2;
        if (next < MESSAGES) {
          up.get().onNext(GreeterRequest.newBuilder().setName(Integer.toString(next)).build());
        } else if (next == MESSAGES + 1) {
          up.get().onCompleted();
        }
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
    }));
    up.get().onNext(GreeterRequest.newBuilder().setName("0").build());
    up.get().onNext(GreeterRequest.newBuilder().setName("1").build());
    assertTrue(done.await(60, TimeUnit.SECONDS), "stream did not end; received " + received.get());
    assertNull(problem.get());
    assertEquals(MESSAGES, received.get());
  }
}
