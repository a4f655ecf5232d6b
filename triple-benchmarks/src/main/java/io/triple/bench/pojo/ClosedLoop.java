package io.triple.bench.pojo;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The benchmark's client loop, the same code in both client JVMs (this file is copied in
 * triple-benchmarks and triple-interop-dubbo-peer): closed loop, {@code inflight} calls
 * outstanding, each completion issues the next; a warmup, then a fixed measured duration whose
 * completed calls are counted and their latencies (issue to completion) kept for percentiles.
 */
public final class ClosedLoop {
  private static final int MAX_SAMPLES = 8_000_000;

  private ClosedLoop() {}

  /** The answer line: {@code result CALLS_PER_S P50_NS P99_NS ERRORS FIRST_ERROR}. */
  public static String run(Function<BenchUser, CompletableFuture<BenchUser>> call, int inflight, long warmupMs,
      long measureMs) throws InterruptedException {
    BenchUser request = new BenchUser(42L, "user-42", 30, 97.5, true);
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMs);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMs);
    long[] samples = new long[MAX_SAMPLES];
    AtomicInteger n = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(inflight);
    final class Slot {
      void issue() {
        long t0 = System.nanoTime();
        CompletableFuture<BenchUser> f;
        try {
          f = call.apply(request);
        } catch (Throwable t) {
          f = CompletableFuture.failedFuture(t);
        }
        f.whenComplete((r, e) -> {
          long t1 = System.nanoTime();
          if (e != null || r == null || r.getAge() != 31) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e != null ? e : new IllegalStateException("wrong answer"));
          } else if (t1 >= measureStart && t1 < measureEnd) {
            int i = n.getAndIncrement();
            if (i < MAX_SAMPLES) {
              samples[i] = t1 - t0;
            }
          }
          if (t1 < measureEnd && errors.get() < 100) {
            issue();
          } else {
            finished.countDown();
          }
        });
      }
    }
    for (int i = 0; i < inflight; i++) {
      new Slot().issue();
    }
    if (!finished.await(warmupMs + measureMs + 60_000, TimeUnit.MILLISECONDS)) {
      return "result 0 0 0 1 calls-did-not-finish";
    }
    int count = Math.min(n.get(), MAX_SAMPLES);
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    double rate = n.get() / (measureMs / 1000.0);
    Throwable e = firstError.get();
    return String.format(Locale.ROOT, "result %.1f %d %d %d %s", rate, percentile(sorted, 50), percentile(sorted, 99),
        errors.get(), e == null ? "-" : String.valueOf(e).replaceAll("\\s+", "_"));
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
