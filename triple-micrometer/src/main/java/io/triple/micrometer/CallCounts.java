package io.triple.micrometer;

import io.triple.Status;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** One call's start time and message counts; {@link #finish} records it once. */
final class CallCounts {
  private static final AtomicIntegerFieldUpdater<CallCounts> IN =
      AtomicIntegerFieldUpdater.newUpdater(CallCounts.class, "in");
  private static final AtomicIntegerFieldUpdater<CallCounts> OUT =
      AtomicIntegerFieldUpdater.newUpdater(CallCounts.class, "out");
  private static final AtomicIntegerFieldUpdater<CallCounts> DONE =
      AtomicIntegerFieldUpdater.newUpdater(CallCounts.class, "done");

  private final TripleMetrics.MethodMeters meters;
  private final long start = System.nanoTime();
  private volatile int in;
  private volatile int out;
  private volatile int done;

  CallCounts(TripleMetrics.MethodMeters meters) {
    this.meters = meters;
    meters.start();
  }

  void received() {
    IN.incrementAndGet(this);
  }

  void sent() {
    OUT.incrementAndGet(this);
  }

  /**
   * Records the call with {@code code}, the first time only.
   *
   * @param requestsAreIn whether {@code in} counts requests (server) or responses (client)
   */
  void finish(Status.Code code, boolean requestsAreIn) {
    if (DONE.compareAndSet(this, 0, 1)) {
      int i = in;
      int o = out;
      meters.finish(start, code, requestsAreIn ? i : o, requestsAreIn ? o : i);
    }
  }
}
