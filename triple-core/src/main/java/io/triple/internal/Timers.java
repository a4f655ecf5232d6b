package io.triple.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for what runs off Netty's event loops: the in-process transport's deadlines
 * (both sides) and graceful-shutdown limits, and the wait deadlines of {@code
 * ActiveLimitInterceptor}. Its tasks only decide an outcome and queue callbacks on call
 * executors, as the network transport's event-loop timers do, so one daemon thread serves every
 * call.
 */
public final class Timers {
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private Timers() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "triple-timer");
      thread.setDaemon(true);
      return thread;
    });
    // Most deadlines are cancelled when their call ends: drop them at once instead of keeping
    // them queued until they would have fired.
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Runs {@code task} on the timer thread in {@code nanos} (at once if not positive). */
  public static ScheduledFuture<?> schedule(Runnable task, long nanos) {
    return TIMER.schedule(task, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
  }
}
