package io.triple.internal;

import java.util.List;
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
  /** Queued tasks not yet run, plus one while held: a held executor never sees 0 -> 1. */
  private final AtomicInteger pending;
  private boolean held; // only the thread that calls release() reads or writes it
  private final Runnable drainTask = this::drain;

  public SerializingExecutor(Executor delegate) {
    this(delegate, false);
  }

  private SerializingExecutor(Executor delegate, boolean held) {
    this.delegate = delegate;
    this.held = held;
    this.pending = new AtomicInteger(held ? 1 : 0);
  }

  /**
   * An executor that queues tasks but hands none to {@code delegate} until {@link #release()}.
   * Lets a transport gather what one read brought for a call (its start, the request message,
   * the half-close) into one hand-off to the delegate instead of one per event.
   */
  public static SerializingExecutor held(Executor delegate) {
    return new SerializingExecutor(delegate, true);
  }

  /**
   * Lets a {@link #held} executor run what it queued, and everything after. Idempotent; call it
   * from one thread only (the transport's event loop).
   */
  public void release() {
    if (!held) {
      return;
    }
    held = false;
    // Drop the hold's count; if tasks were queued meanwhile, nobody has scheduled them.
    if (pending.getAndDecrement() != 1) {
      schedule();
    }
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      schedule();
    }
  }

  /**
   * Queues {@code task} as {@link #execute} would, but leaves the hand-off to the caller: returns
   * the task to give {@link #scheduleDrain(Runnable)} if queuing made this executor runnable, or
   * null. Lets a transport queue a callback under its own lock and wake a pool thread only after
   * releasing it: woken while the lock is still held, the pool thread's first act (the callback
   * calling back into the call) would find it taken and have to sleep again.
   */
  public Runnable enqueue(Runnable task) {
    tasks.add(task);
    return pending.getAndIncrement() == 0 ? drainTask : null;
  }

  /** Hands a drain returned by {@link #enqueue} or {@link #enqueueAll} to the delegate; null: nothing. */
  public void scheduleDrain(Runnable drain) {
    if (drain != null) {
      schedule();
    }
  }

  /**
   * Queues {@code batch} in order, as {@link #execute} would one by one, but leaves the hand-off
   * to the caller: returns the task to run on {@link #delegate()} (this executor's drain) if
   * queuing the batch made this executor runnable, or null if a drain is already scheduled or
   * running (or the executor is held). One hand-off for the whole batch, and a transport can
   * give the hand-offs of many calls to the pool together (see {@link FanOut}).
   */
  public Runnable enqueueAll(List<Runnable> batch) {
    if (batch.isEmpty()) {
      return null;
    }
    tasks.addAll(batch);
    return pending.getAndAdd(batch.size()) == 0 ? drainTask : null;
  }

  /** The executor this one runs its tasks on. */
  public Executor delegate() {
    return delegate;
  }

  private void schedule() {
    try {
      delegate.execute(drainTask);
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
