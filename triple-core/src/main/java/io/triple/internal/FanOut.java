package io.triple.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands several tasks to one executor with a single {@code execute} from the calling thread: the
 * pool thread that picks the batch up splits it in halves, handing the upper half back to the
 * executor, until it holds one task, and only then runs it.
 *
 * <p>Why: a transport's I/O thread that ends a read with responses for k calls used to make k
 * {@code execute} calls, and with idle pool threads nearly every one woke a thread (a futex
 * system call: 13% of our client's I/O thread at 256 unary calls in flight). The I/O thread is the
 * scarce one; pool threads have time, so they do the waking now. Every task still gets a pool
 * task of its own before any task of the batch runs, so one callback that blocks never holds
 * back another (which running the batch in a loop on one thread would).
 */
public final class FanOut implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final Executor executor;
  private final Runnable[] tasks;
  private final int from;
  private final int to;

  private FanOut(Executor executor, Runnable[] tasks, int from, int to) {
    this.executor = executor;
    this.tasks = tasks;
    this.from = from;
    this.to = to;
  }

  /**
   * Runs {@code tasks[from..to)} on {@code executor}, each in a pool task of its own. The array
   * is read later, from pool threads: the caller must not change it.
   */
  public static void execute(Executor executor, Runnable[] tasks, int from, int to) {
    if (to - from == 1) {
      handOff(executor, tasks[from]);
    } else if (to - from > 1) {
      handOff(executor, new FanOut(executor, tasks, from, to));
    }
  }

  @Override
  public void run() {
    int end = to;
    while (end - from > 1) {
      int mid = (from + end) >>> 1;
      handOff(executor, mid + 1 == end ? tasks[mid] : new FanOut(executor, tasks, mid, end));
      end = mid;
    }
    tasks[from].run();
  }

  private static void handOff(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // Shut down or saturated: run here rather than drop callbacks (a dropped onClose would
      // leave a caller waiting forever), as SerializingExecutor does.
      log.warn("Executor rejected a call task; running it on the calling thread", e);
      task.run();
    }
  }
}
