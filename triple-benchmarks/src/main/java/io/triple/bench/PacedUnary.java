package io.triple.bench;

import io.triple.bench.proto.Payload;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop unary calls at a fixed offered rate with a bound on calls in flight: so that modes
 * compared do the same work per second, below saturation, and CPU per call is measured at equal
 * load. One pacing thread (the caller's) wakes about every 250 µs and starts the calls that are
 * due; a call that is due while the bound is reached is skipped, not queued (so a slow phase does
 * not turn into a burst later), and counted: skipped calls mean the rate was not sustained.
 */
final class PacedUnary {
  private static final long MAX_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
  private static final long TICK_NANOS = 250_000;

  private PacedUnary() {}

  /**
   * {@code rate} calls per second of {@code request} for {@code warmupMs} + {@code measureMs}
   * starting at {@code start} (a {@link System#nanoTime()}); the rate, latencies and skipped
   * calls reported are those of the measured part.
   */
  static Measurement run(BenchClient c, Payload request, int rate, int maxInflight, long start, long warmupMs,
      long measureMs) throws InterruptedException {
    Histogram hist = new ConcurrentHistogram(1, MAX_TRACKABLE_NS, 3);
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    Semaphore slots = new Semaphore(maxInflight);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long skipped = 0;
    String[] firstError = new String[1];
    long issued = 0;
    for (long now = System.nanoTime(); now < measureEnd; now = System.nanoTime()) {
      long due = (long) ((now - start) * (rate / 1e9));
      for (; issued < due; issued++) {
        if (!slots.tryAcquire()) {
          if (now >= measureStart) {
            skipped++;
          }
          continue;
        }
        long t0 = System.nanoTime();
        c.unary(request, new BenchClient.Sink() {
          @Override
          public void onMessage(Payload message) {}

          @Override
          public void onDone(Throwable error) {
            long t1 = System.nanoTime();
            slots.release();
            if (error != null) {
              errors.incrementAndGet();
              synchronized (firstError) {
                firstError[0] = firstError[0] == null ? String.valueOf(error) : firstError[0];
              }
            } else if (t1 >= measureStart && t1 < measureEnd) {
              hist.recordValue(Math.min(t1 - t0, MAX_TRACKABLE_NS));
              done.incrementAndGet();
            }
          }
        });
      }
      LockSupport.parkNanos(TICK_NANOS);
    }
    // let the calls in flight finish, so the next measurement starts from none
    if (!slots.tryAcquire(maxInflight, 60, TimeUnit.SECONDS)) {
      return Workload.failed("paced calls did not finish in time");
    }
    double measured = done.get() / (measureMs / 1000.0);
    String note = null;
    if (errors.get() > 0 || skipped > 0) {
      note = "skipped " + skipped + " calls (in-flight bound reached); errors " + errors.get() + ", first: "
          + firstError[0];
    }
    return new Measurement(measured, measured * request.getSerializedSize() / (1 << 20),
        hist.getValueAtPercentile(50), hist.getValueAtPercentile(99), hist.getValueAtPercentile(99.9),
        errors.get() + skipped, note);
  }
}
