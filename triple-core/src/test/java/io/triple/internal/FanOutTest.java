package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class FanOutTest {
  @Test
  void oneHandOffFromTheCallerAndEveryTaskRunsOnce() {
    SerializingExecutorTest.CountingDelegate pool = new SerializingExecutorTest.CountingDelegate();
    int n = 13;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    Runnable[] tasks = new Runnable[n];
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks[i] = () -> runs.incrementAndGet(id);
    }
    FanOut.execute(pool, tasks, 0, n);
    assertEquals(1, pool.handedOff.size(), "the caller hands the pool one task for all of them");
    while (!pool.handedOff.isEmpty()) { // the pool threads split the rest among themselves
      pool.runAll();
    }
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
  }

  @Test
  void onlyTheTasksInTheRangeRun() {
    SerializingExecutorTest.CountingDelegate pool = new SerializingExecutorTest.CountingDelegate();
    List<Integer> ran = new ArrayList<>();
    Runnable[] tasks = {() -> ran.add(0), () -> ran.add(1), () -> ran.add(2)};
    FanOut.execute(pool, tasks, 0, 0);
    assertEquals(0, pool.handedOff.size());
    FanOut.execute(pool, tasks, 1, 3);
    while (!pool.handedOff.isEmpty()) {
      pool.runAll();
    }
    assertEquals(List.of(1, 2), ran.stream().sorted().toList());
  }

  /**
   * The first task blocks until every other task of the batch has run, on a pool of two threads:
   * it only finishes if no task waits behind it on its thread.
   */
  @Test
  void aBlockingTaskHoldsNoOtherBack() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      int n = 8;
      CountDownLatch others = new CountDownLatch(n - 1);
      CountDownLatch firstDone = new CountDownLatch(1);
      boolean[] sawOthers = new boolean[1];
      Runnable[] tasks = new Runnable[n];
      tasks[0] = () -> {
        try {
          sawOthers[0] = others.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        firstDone.countDown();
      };
      for (int i = 1; i < n; i++) {
        tasks[i] = others::countDown;
      }
      FanOut.execute(pool, tasks, 0, n);
      assertTrue(firstDone.await(30, TimeUnit.SECONDS));
      assertTrue(sawOthers[0], "the other tasks were stuck behind the blocking one");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRejectingExecutorRunsTheTasksOnTheCallingThread() {
    List<Integer> ran = new ArrayList<>();
    FanOut.execute(task -> {
      throw new RejectedExecutionException("shut down");
    }, new Runnable[] {() -> ran.add(0), () -> ran.add(1), () -> ran.add(2)}, 0, 3);
    assertEquals(List.of(0, 1, 2), ran.stream().sorted().toList());
  }
}
