package io.triple.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of a blocking stub's call: its tasks run on the thread that waits for the call's
 * outcome, inside {@link #waitAndDrain()}.
 *
 * <p>Why: a blocking call whose callbacks ran on the channel's pool took two thread hand-offs to
 * deliver each response (I/O thread to a pool thread, pool thread to the waiting caller); running
 * them on the caller makes it one, as grpc-java's blocking stubs do. Interceptors' listener
 * callbacks of a blocking call therefore run on the calling thread.
 *
 * <p>One thread drains at a time (a response iterator may be handed from thread to thread, not
 * shared). After {@link #shutdown()} (nobody will wait any more: the call ended, or the caller
 * cancelled it or was interrupted) tasks go to {@code fallback}, so a late callback such as the
 * {@code onClose} of a cancelled call still runs instead of being dropped.
 */
public final class ThreadlessExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(ThreadlessExecutor.class);
  private static final Runnable WAKE_UP = () -> {};
  private static final VarHandle WAITER;

  static {
    try {
      WAITER = MethodHandles.lookup()
          .findVarHandle(ThreadlessExecutor.class, "waiter", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Tasks, and {@link #WAKE_UP} markers: the one thing a waiter looks at, so no wake is lost. */
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** The thread inside {@link #waitAndDrain()}, if any (CAS through {@link #WAITER}). */
  private volatile Thread waiter;
  private final Executor fallback;
  private volatile boolean shutdown;

  /** An executor whose tasks, after {@link #shutdown()}, go to {@code fallback}. */
  public ThreadlessExecutor(Executor fallback) {
    this.fallback = fallback;
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      fallback.execute(task);
      return;
    }
    tasks.add(task);
    if (shutdown) {
      // shutdown() may have drained the queue before the add: take the task back unless it did.
      if (tasks.remove(task)) {
        fallback.execute(task);
      }
      return;
    }
    unparkWaiter();
  }

  /**
   * Runs every queued task, first waiting until there is one or until {@link #wake()}. May return
   * without running anything (after a wake, or a spurious return from {@link LockSupport#park}):
   * callers loop on their own condition.
   *
   * @throws InterruptedException if the thread is interrupted while it waits (the interrupt
   *     status is cleared, as {@link Object#wait()} does); queued tasks stay queued
   * @throws IllegalStateException if another thread is draining
   */
  public void waitAndDrain() throws InterruptedException {
    Thread current = Thread.currentThread();
    if (!WAITER.compareAndSet(this, null, current) && waiter != current) {
      throw new IllegalStateException("another thread is waiting for this call");
    }
    try {
      Runnable task = tasks.poll();
      if (task == null) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        task = tasks.poll();
      }
      for (; task != null; task = tasks.poll()) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Exception from a task of a blocking call", e);
        }
      }
    } finally {
      waiter = null;
    }
  }

  /**
   * Makes the current or next {@link #waitAndDrain()} return: for outcomes that arrive without a
   * task, e.g. from a {@link io.triple.Channel} that runs callbacks on an executor of its own.
   */
  public void wake() {
    if (waiter == Thread.currentThread()) {
      return; // the waiter itself, running tasks: it looks at its condition when they are done
    }
    tasks.add(WAKE_UP);
    unparkWaiter();
  }

  private void unparkWaiter() {
    Thread w = waiter;
    if (w != null && w != Thread.currentThread()) { // a running waiter needs no permit left over
      LockSupport.unpark(w);
    }
  }

  /** Stops waiting for tasks: those queued now and any that come later go to the fallback. */
  public void shutdown() {
    shutdown = true;
    for (Runnable task; (task = tasks.poll()) != null; ) {
      if (task != WAKE_UP) {
        fallback.execute(task);
      }
    }
  }
}
