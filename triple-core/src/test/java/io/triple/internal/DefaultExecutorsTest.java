package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK 17 fallback pool: grows only when no thread is idle, queues past its cap, shrinks. */
@Timeout(60)
class DefaultExecutorsTest {

  @Test
  void sixteenCallersKeepAboutSixteenThreads() throws Exception {
    ThreadPoolExecutor pool = DefaultExecutors.pool("test", 200, 60, TimeUnit.SECONDS);
    try {
      List<Thread> callers = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      for (int c = 0; c < 16; c++) {
        Thread t = new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            try {
              pool.submit(() -> sleep(1)).get();
              done.incrementAndGet();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
        callers.add(t);
        t.start();
      }
      for (Thread t : callers) {
        t.join();
      }
      assertEquals(1600, done.get());
      // A pool with 200 core threads had started one per task up to 200 by now. Ours grows only
      // when no thread is idle: about 16 on a quiet machine, but a worker that has finished a
      // task and not yet gone back to wait for the next is not idle, and on a loaded machine
      // (load average 25 on 2 cores) that made 42. Far below 200 is the property.
      assertTrue(pool.getLargestPoolSize() < 100,
          "16 callers, one call each at a time, made " + pool.getLargestPoolSize() + " threads");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idleThreadsEnd() throws Exception {
    ThreadPoolExecutor pool = DefaultExecutors.pool("test", 200, 100, TimeUnit.MILLISECONDS);
    try {
      CountDownLatch running = new CountDownLatch(8);
      CountDownLatch release = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        pool.execute(() -> {
          running.countDown();
          await(release);
        });
      }
      assertTrue(running.await(10, TimeUnit.SECONDS), "8 blocking tasks run at once");
      assertEquals(8, pool.getPoolSize());
      release.countDown();
      for (int i = 0; i < 200 && pool.getPoolSize() > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, pool.getPoolSize(), "idle threads ended");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tasksBeyondTheCapQueueAndAllRun() throws Exception {
    ThreadPoolExecutor pool = DefaultExecutors.pool("test", 2, 60, TimeUnit.SECONDS);
    try {
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger ran = new AtomicInteger();
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        all.add(pool.submit(() -> {
          await(release);
          ran.incrementAndGet();
        }));
      }
      assertEquals(2, pool.getPoolSize());
      assertEquals(8, pool.getQueue().size());
      release.countDown();
      for (Future<?> f : all) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertEquals(10, ran.get());
      assertTrue(pool.getLargestPoolSize() <= 2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
