package io.triple.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor handlers and client callbacks run on unless the user gives one: a
 * virtual-thread-per-task executor on JDKs that have it (21+), else a bounded pool. Never a
 * Netty event loop, so a blocking handler cannot stall network I/O.
 */
public final class DefaultExecutors {
  /** Threads in the fallback pool; calls beyond it queue. */
  public static final int FALLBACK_POOL_SIZE = 200;

  private DefaultExecutors() {}

  /** A new default executor named after {@code purpose} (e.g. "triple-server"). */
  public static ExecutorService create(String purpose) {
    ExecutorService virtual = tryVirtual(purpose);
    if (virtual != null) {
      return virtual;
    }
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            FALLBACK_POOL_SIZE,
            FALLBACK_POOL_SIZE,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonFactory(purpose));
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
