package io.triple.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor handlers and client callbacks run on unless the user gives one: a
 * virtual-thread-per-task executor on JDKs that have it (21+), else a bounded pool. Never a
 * Netty event loop, so a blocking handler cannot stall network I/O.
 *
 * <p>Why a pool of up to {@value #FALLBACK_POOL_SIZE} threads on JDK 17: handlers may block (a
 * database call, a call to another service), and each blocked one holds a thread; a small pool
 * would queue every other call behind a few slow ones. The cap bounds memory (a thread's stack)
 * when a server is flooded; calls beyond it wait in the queue. The pool grows only when no thread
 * is idle, so 16 concurrent callers keep about 16 threads, and a thread idle for
 * {@link #KEEP_ALIVE_SECONDS} s ends (a plain {@code ThreadPoolExecutor} with 200 core threads
 * started a new thread per task until it had 200, and kept them).
 */
public final class DefaultExecutors {
  /** Threads in the fallback pool; calls beyond it queue. */
  public static final int FALLBACK_POOL_SIZE = 200;
  /** How long a fallback pool thread may stay idle before it ends. */
  public static final long KEEP_ALIVE_SECONDS = 60;

  private DefaultExecutors() {}

  /** A new default executor named after {@code purpose} (e.g. "triple-server"). */
  public static ExecutorService create(String purpose) {
    ExecutorService virtual = tryVirtual(purpose);
    if (virtual != null) {
      return virtual;
    }
    return pool(purpose, FALLBACK_POOL_SIZE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * A pool of at most {@code maxThreads} daemon threads that hands a task to an idle thread when
   * there is one, starts a thread only when none is idle, queues beyond the maximum, and lets a
   * thread idle for {@code keepAlive} end.
   */
  public static ThreadPoolExecutor pool(String purpose, int maxThreads, long keepAlive, TimeUnit unit) {
    HandOffQueue queue = new HandOffQueue();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, keepAlive, unit, queue,
        daemonFactory(purpose), (task, executor) -> {
          // Lost a race for the last thread: the task waits for one instead.
          if (executor.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("Executor " + purpose + " is shut down");
          }
          queue.add(task);
        });
    queue.pool = pool;
    return pool;
  }

  /**
   * The pool's queue. {@code ThreadPoolExecutor} starts threads beyond its core size only when
   * the queue refuses a task, so this queue accepts one only when an idle thread takes it at once
   * or the pool is full: otherwise the pool starts a thread for it. With core size 0 every
   * thread then times out when idle.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    volatile ThreadPoolExecutor pool;

    @Override
    public boolean offer(Runnable task) {
      if (tryTransfer(task)) {
        return true; // an idle thread took it
      }
      ThreadPoolExecutor p = pool;
      if (p != null && p.getPoolSize() < p.getMaximumPoolSize()) {
        return false; // start a thread for it
      }
      return super.offer(task);
    }

    @Override
    public boolean add(Runnable task) {
      return super.offer(task); // from the rejection handler: always queue
    }
  }

  /** True if this JDK runs handlers on virtual threads by default. */
  public static boolean virtualThreadsAvailable() {
    try {
      Class.forName("java.lang.Thread$Builder$OfVirtual");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static ExecutorService tryVirtual(String purpose) {
    if (!virtualThreadsAvailable()) {
      return null;
    }
    try {
      // Thread.ofVirtual().name(purpose + "-", 0).factory(), via reflection: we compile for 17.
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Method name = ofVirtual.getMethod("name", String.class, long.class);
      builder = name.invoke(builder, purpose + "-vt-", 0L);
      ThreadFactory factory =
          (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
      Method m =
          java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
      return (ExecutorService) m.invoke(null, factory);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static ThreadFactory daemonFactory(String purpose) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, purpose + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
