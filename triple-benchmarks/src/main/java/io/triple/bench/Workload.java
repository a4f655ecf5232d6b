package io.triple.bench;

import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load harness's measurements, made by one Java client ({@link BenchClient}): closed-loop
 * unary calls, blocking calls, back-to-back streams, ping-pong. Runs in a {@link ClientWorker}
 * JVM, which {@link LoadBench} drives; each measurement warms up for {@link #warmupMs}, then
 * measures for {@link #measureMs}.
 */
final class Workload {
  private static final long MAX_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

  private final long warmupMs;
  private final long measureMs;

  Workload(long warmupMs, long measureMs) {
    this.warmupMs = warmupMs;
    this.measureMs = measureMs;
  }

  /** One measurement of {@code sc} made by {@code c}. */
  Measurement measure(BenchClient c, Scenario sc) throws InterruptedException {
    return switch (sc.kind()) {
      case UNARY -> unary(c, Payloads.ofSize(sc.size()), sc.inflight());
      case BLOCKING_UNARY -> blockingUnary(c, Payloads.ofSize(sc.size()));
      case STREAM -> stream(c, sc.size(), sc.perCall());
      case PING_PONG -> pingPong(c, Payloads.ofSize(sc.size()));
      case BIDI_STREAM -> bidiStream(c, Payloads.ofSize(sc.size()), sc.perCall());
    };
  }

  /**
   * Drives {@code c} through each kind of call for {@code ms} / 4 each, unmeasured, so the first
   * scenario is not measured on a cold JVM.
   */
  static void warmUp(BenchClient c, long ms) throws InterruptedException {
    Workload w = new Workload(0, Math.max(1, ms / 4));
    w.unary(c, Payloads.ofSize(1024), 16);
    w.unary(c, Payloads.ofSize(0), 1);
    w.blockingUnary(c, Payloads.ofSize(0));
    w.stream(c, 100, 5_000);
    // Large messages take their own code paths (composite buffers, copies, writability flips);
    // a 2 s per-measurement warmup left the 1 MiB rows measured while C2 was still compiling
    // them.
    w.unary(c, Payloads.ofSize(1024 * 1024), 1);
    w.stream(c, 64 * 1024, 400);
    w.pingPong(c, Payloads.ofSize(100));
    w.bidiStream(c, Payloads.ofSize(100), 5_000);
  }

  /** Closed loop: {@code inflight} calls outstanding, each completion starts the next. */
  Measurement unary(BenchClient c, Payload request, int inflight) throws InterruptedException {
    Histogram hist = new ConcurrentHistogram(1, MAX_TRACKABLE_NS, 3);
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    CountDownLatch slotsFinished = new CountDownLatch(inflight);
    final class Slot implements BenchClient.Sink {
      private volatile long t0;

      void issue() {
        t0 = System.nanoTime();
        c.unary(request, this);
      }

      @Override
      public void onMessage(Payload message) {}

      @Override
      public void onDone(Throwable error) {
        long t1 = System.nanoTime();
        if (error != null) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, error);
        } else if (t1 >= measureStart && t1 < measureEnd) {
          hist.recordValue(Math.min(t1 - t0, MAX_TRACKABLE_NS));
          done.incrementAndGet();
        }
        if (t1 < measureEnd && errors.get() < 100) {
          issue();
        } else {
          slotsFinished.countDown();
        }
      }
    }
    for (int i = 0; i < inflight; i++) {
      new Slot().issue();
    }
    if (!slotsFinished.await(warmupMs + measureMs + 60_000, TimeUnit.MILLISECONDS)) {
      return failed("calls did not finish in time");
    }
    if (errors.get() > 0) {
      System.err.println("unary errors: " + errors.get() + ", first: " + firstError.get());
    }
    return timed(done.get(), request, hist, errors.get(), "errors: " + firstError.get());
  }

  /** A closed-loop measurement: {@code done} calls in the measured time, latencies in {@code hist}. */
  Measurement timed(long done, Payload message, Histogram hist, long errors, String errorNote) {
    double rate = done / (measureMs / 1000.0);
    return new Measurement(
        rate,
        rate * message.getSerializedSize() / (1 << 20),
        hist.getValueAtPercentile(50),
        hist.getValueAtPercentile(99),
        hist.getValueAtPercentile(99.9),
        errors,
        errors > 0 ? errorNote : null);
  }

  /** One call at a time through the blocking stub, on this thread. */
  Measurement blockingUnary(BenchClient c, Payload request) {
    Histogram hist = new ConcurrentHistogram(1, MAX_TRACKABLE_NS, 3);
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    long done = 0;
    long errors = 0;
    Throwable firstError = null;
    for (long t0 = System.nanoTime(); t0 < measureEnd && errors < 100; ) {
      try {
        c.blockingUnary(request);
      } catch (Exception e) {
        errors++;
        firstError = firstError == null ? e : firstError;
      }
      long t1 = System.nanoTime();
      if (t1 >= measureStart && t1 < measureEnd) {
        hist.recordValue(Math.min(t1 - t0, MAX_TRACKABLE_NS));
        done++;
      }
      t0 = t1;
    }
    if (errors > 0) {
      System.err.println("blocking unary errors: " + errors + ", first: " + firstError);
    }
    return timed(done, request, hist, errors, "errors: " + firstError);
  }

  /** Back-to-back server-streaming calls of {@code perCall} messages each. */
  Measurement stream(BenchClient c, int size, long perCall) throws InterruptedException {
    StreamRequest request =
        StreamRequest.newBuilder().setMessageSize(size).setCount(perCall).build();
    return backToBack(sink -> c.serverStream(request, sink), perCall, size);
  }

  /**
   * Calls made one after another, each expected to bring {@code perCall} messages; the rate is
   * messages per second of the measured calls, each timed from its start to its end.
   */
  Measurement backToBack(Consumer<BenchClient.Sink> call, long perCall, int messageBytes)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    long messages = 0;
    long elapsed = 0;
    long errors = 0;
    String note = null;
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= measureEnd && elapsed > 0) {
        break;
      }
      AtomicLong received = new AtomicLong();
      AtomicReference<Throwable> err = new AtomicReference<>();
      CountDownLatch finished = new CountDownLatch(1);
      call.accept(
          new BenchClient.Sink() {
            @Override
            public void onMessage(Payload message) {
              received.incrementAndGet();
            }

            @Override
            public void onDone(Throwable error) {
              err.set(error);
              finished.countDown();
            }
          });
      if (!finished.await(120, TimeUnit.SECONDS)) {
        return failed("stream did not finish in 120 s");
      }
      long t1 = System.nanoTime();
      if (err.get() != null || received.get() != perCall) {
        errors++;
        note = "errors: " + (err.get() != null ? err.get() : received.get() + " of " + perCall + " messages");
        if (errors > 3) {
          break;
        }
        continue;
      }
      if (t0 >= measureStart) {
        messages += received.get();
        elapsed += t1 - t0;
      }
    }
    double secs = elapsed / 1e9;
    double rate = secs > 0 ? messages / secs : 0;
    return new Measurement(rate, rate * messageBytes / (1 << 20), -1, -1, -1, errors, note);
  }

  /** One bidi stream, one message in flight: round-trip latency. */
  Measurement pingPong(BenchClient c, Payload message) throws InterruptedException {
    Histogram hist = new ConcurrentHistogram(1, MAX_TRACKABLE_NS, 3);
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    AtomicLong count = new AtomicLong();
    AtomicReference<Throwable> err = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(1);
    AtomicReference<BenchClient.PingPong> stream = new AtomicReference<>();
    long[] t0 = new long[1];
    Object lock = new Object();
    BenchClient.Sink sink =
        new BenchClient.Sink() {
          @Override
          public void onMessage(Payload m) {
            long t1 = System.nanoTime();
            synchronized (lock) {
              if (t1 >= measureStart && t1 < measureEnd) {
                hist.recordValue(Math.min(t1 - t0[0], MAX_TRACKABLE_NS));
                count.incrementAndGet();
              }
              if (t1 < measureEnd) {
                t0[0] = System.nanoTime();
                stream.get().send(message);
              } else {
                stream.get().complete();
              }
            }
          }

          @Override
          public void onDone(Throwable error) {
            err.set(error);
            finished.countDown();
          }
        };
    synchronized (lock) {
      stream.set(c.pingPong(sink));
      t0[0] = System.nanoTime();
      stream.get().send(message);
    }
    if (!finished.await(warmupMs + measureMs + 60_000, TimeUnit.MILLISECONDS)) {
      return failed("ping-pong did not finish in time");
    }
    return timed(count.get(), message, hist, err.get() == null ? 0 : 1, "error: " + err.get());
  }

  /**
   * Back-to-back bidi streams on the ping-pong method: the client sends {@code perCall} messages
   * as fast as its stream takes them, then half-closes; the server echoes each one. The rate is
   * echoed messages per second, each call timed from its start to its end (both directions of
   * streaming throughput at once, client-side batching included).
   */
  Measurement bidiStream(BenchClient c, Payload message, long perCall) throws InterruptedException {
    return backToBack(sink -> {
      BenchClient.PingPong up = c.pingPong(sink);
      for (long i = 0; i < perCall; i++) {
        up.send(message);
      }
      up.complete();
    }, perCall, message.getSerializedSize());
  }

  static Measurement failed(String why) {
    System.err.println("FAILED: " + why);
    return new Measurement(0, 0, -1, -1, -1, 1, why);
  }
}
