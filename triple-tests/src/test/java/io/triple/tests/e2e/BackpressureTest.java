package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.triple.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.stub.ResponseIterator;
import io.triple.stub.ServerCallStreamObserver;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;

/**
 * A server streams 1 GiB to a client that reads slower than the server writes. With the
 * producer following isReady()/onReady and the consumer pulling through the blocking iterator,
 * HTTP/2 flow control must hold back the server: the framework's buffers stay small. Asserts on
 * the bytes Netty's allocator holds (both ends run in this JVM), never on time.
 */
class BackpressureTest {
  private static final int MESSAGE_SIZE = 64 * 1024;
  private static final long TOTAL_BYTES = 1L << 30;
  private static final int MESSAGES = (int) (TOTAL_BYTES / MESSAGE_SIZE);
  private static final long MAX_BUFFERED = 64L << 20;

  /** Sends MESSAGES chunks, only while the transport is ready. */
  static final class FlowControlledProducer implements Greeter {
    @Override
    public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> out) {
      ServerCallStreamObserver<GreeterReply> obs = (ServerCallStreamObserver<GreeterReply>) out;
      GreeterReply chunk = GreeterReply.newBuilder().setMessage("x".repeat(MESSAGE_SIZE - 4)).build();
      int[] sent = {0};
      Runnable drain = () -> {
        while (sent[0] < MESSAGES && obs.isReady() && !obs.isCancelled()) {
          obs.onNext(chunk);
          sent[0]++;
        }
        if (sent[0] == MESSAGES) {
          sent[0]++;
          obs.onCompleted();
        }
      };
      obs.setOnReadyHandler(drain);
      drain.run();
    }
  }

  /** Samples the bytes Netty's allocator holds (both ends run in this JVM), keeping the peak. */
  static final class PeakSampler {
    private final ByteBufAllocatorMetric metric =
        ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
    private final long baseline = used();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread = new Thread(this::run, "buffer-sampler");

    private long used() {
      return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    private void run() {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(used(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }

    /** Peak bytes held above what was held when sampling was set up. */
    long held() {
      return peak.get() - baseline;
    }
  }

  @Test
  void oneGibToASlowReaderKeepsBuffersBounded() throws Exception {
    PeakSampler sampler = new PeakSampler();

    try (TripleServer server = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(new FlowControlledProducer())).build().start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      sampler.start();
      long bytes = 0;
      int count = 0;
      try (ResponseIterator<GreeterReply> it =
          client.greetServerStream(GreeterRequest.newBuilder().setName("stream").build())) {
        while (it.hasNext()) {
          bytes += it.next().getSerializedSize();
          if (++count % 64 == 0) {
            Thread.sleep(1); // a reader slower than the writer
          }
        }
      }
      assertEquals(MESSAGES, count);
      assertTrue(bytes >= TOTAL_BYTES - 4L * MESSAGES, "received " + bytes);
    } finally {
      sampler.stop();
    }
    long held = sampler.held();
    assertTrue(held < MAX_BUFFERED,
        "framework held " + (held >> 20) + " MiB at peak while streaming 1 GiB; limit " + (MAX_BUFFERED >> 20) + " MiB");
  }

  /**
   * The other direction: a client streams 256 MiB, following isReady(), to a handler that takes
   * messages one at a time and slowly. The server returns HTTP/2 window only as it takes them,
   * so the client is held back and neither side buffers much.
   */
  @Test
  void clientStreamToASlowServerKeepsBuffersBounded() throws Exception {
    int messages = 4096; // x 64 KiB = 256 MiB
    java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
    Greeter slowConsumer = new Greeter() {
      @Override
      public StreamObserver<GreeterRequest> greetClientStream(StreamObserver<GreeterReply> out) {
        ServerCallStreamObserver<GreeterReply> obs = (ServerCallStreamObserver<GreeterReply>) out;
        obs.disableAutoInboundFlowControl();
        obs.request(1);
        return new StreamObserver<>() {
          @Override
          public void onNext(GreeterRequest value) {
            if (taken.incrementAndGet() % 64 == 0) {
              try {
                Thread.sleep(1); // slower than the client
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            obs.request(1);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onNext(GreeterReply.newBuilder().setMessage("took " + taken.get()).build());
            out.onCompleted();
          }
        };
      }
    };
    PeakSampler sampler = new PeakSampler();
    try (TripleServer server = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(slowConsumer)).build().start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      sampler.start();
      java.util.concurrent.CompletableFuture<String> reply = new java.util.concurrent.CompletableFuture<>();
      GreeterRequest chunk = GreeterRequest.newBuilder().setName("x".repeat(MESSAGE_SIZE - 4)).build();
      int[] sent = {0};
      java.util.concurrent.atomic.AtomicReference<io.triple.stub.ClientCallStreamObserver<GreeterRequest>> upRef =
          new java.util.concurrent.atomic.AtomicReference<>();
      Runnable drain = () -> {
        synchronized (sent) {
          while (sent[0] < messages && upRef.get().isReady()) {
            upRef.get().onNext(chunk);
            sent[0]++;
          }
          if (sent[0] == messages) {
            sent[0]++;
            upRef.get().onCompleted();
          }
        }
      };
      upRef.set(client.greetClientStream(new StreamObserver<>() {
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
      }));
      upRef.get().setOnReadyHandler(drain);
      drain.run();
      String got;
      try {
        got = reply.get(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("stalled: client sent " + sent[0] + ", server took " + taken.get()
            + ", client ready " + upRef.get().isReady());
      }
      assertEquals("took " + messages, got);
    } finally {
      sampler.stop();
    }
    long held = sampler.held();
    assertTrue(held < MAX_BUFFERED,
        "framework held " + (held >> 20) + " MiB at peak while the client streamed 256 MiB; limit " + (MAX_BUFFERED >> 20) + " MiB");
  }
}
