package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.triple.ManagedChannel;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stubs queue a unary call's headers, message and end of stream and wake the transport once
 * they are all queued (io.triple.internal.SendBatch). A callback that runs while a call is being
 * started (a direct executor on a channel that fails the call at once) and makes a blocking call
 * of its own must still get its answer: the inner call's wake cannot wait for the outer call.
 */
class CallsDuringStartTest {
  private TripleServer server;
  private ManagedChannel live;
  private ManagedChannel closed;

  @BeforeEach
  void start() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(new DirectExecutorClientTest.Echo())).build().start();
    live = TripleChannel.forAddress("127.0.0.1", server.port()).build();
    closed = TripleChannel.forAddress("127.0.0.1", server.port()).executor(Runnable::run).build();
    closed.shutdownNow();
  }

  @AfterEach
  void stop() {
    live.shutdownNow();
    server.shutdownNow();
  }

  private static GreeterRequest named(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  @Test
  void aBlockingCallFromACallbackThatRunsInsideAnotherCallsStartIsAnswered() {
    GreeterClient liveClient = GreeterClient.create(live);
    CompletableFuture<String> inner = new CompletableFuture<>();
    // Preemptive: a wake held for the outer call would block this thread for good.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      GreeterClient.create(closed).greet(named("outer"), new StreamObserver<GreeterReply>() {
        @Override
        public void onNext(GreeterReply value) {
          inner.completeExceptionally(new AssertionError("the closed channel answered"));
        }

        @Override
        public void onError(Throwable t) {
          // Runs on this thread, inside the outer call's start.
          try {
            inner.complete(liveClient.greet(named("inner")).getMessage());
          } catch (RuntimeException e) {
            inner.completeExceptionally(e);
          }
        }

        @Override
        public void onCompleted() {}
      });
      assertEquals("inner", inner.get());
    });
  }

  @Test
  void unaryCallsFromSeveralThreadsOnOneConnectionAllComplete() {
    GreeterClient client = GreeterClient.create(live);
    int threads = 4;
    int calls = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CompletableFuture<?>[] done = new CompletableFuture<?>[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      done[t] = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < calls; i++) {
          String name = id + "-" + i;
          assertEquals(name, client.greet(named(name)).getMessage());
        }
      }, pool);
    }
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CompletableFuture.allOf(done).get());
    } finally {
      pool.shutdownNow();
    }
  }
}
