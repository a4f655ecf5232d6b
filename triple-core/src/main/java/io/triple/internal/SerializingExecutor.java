package io.triple.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor. Each call gets one, so
 * its callbacks never overlap and keep their order while different calls run in parallel.
 */
public final class SerializingExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerializingExecutor.class);

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  public SerializingExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      schedule();
    }
  }

  private void schedule() {
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The pool is shut down or saturated: run here rather than drop callbacks (a dropped
      // onClose would leave a caller waiting forever).
      log.warn("Executor rejected a call task; running it on the calling thread", e);
      drain();
    }
  }

  private void drain() {
    int left;
    do {
      int ran = 0;
      Runnable r;
      while ((r = tasks.poll()) != null) {
        ran++;
        try {
          r.run();
        } catch (Throwable t) {
          log.error("Uncaught exception in call callback", t);
        }
      }
      // A producer adds before it counts, so the count may briefly lag the queue; whoever moves
      // it from 0 to 1 schedules the next drain, and nothing is ever left behind.
      left = pending.addAndGet(-ran);
    } while (left > 0);
  }
}
