package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializingExecutorTest {
  /** Counts hand-offs to the delegate and runs them on the calling thread when asked. */
  static final class CountingDelegate implements java.util.concurrent.Executor {
    final List<Runnable> handedOff = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
      handedOff.add(command);
    }

    void runAll() {
      List<Runnable> now = new ArrayList<>(handedOff);
      handedOff.clear();
      now.forEach(Runnable::run);
    }
  }

  @Test
  void heldExecutorQueuesUntilReleasedThenHandsOffOnce() {
    CountingDelegate delegate = new CountingDelegate();
    SerializingExecutor ex = SerializingExecutor.held(delegate);
    List<String> ran = new ArrayList<>();
    ex.execute(() -> ran.add("start"));
    ex.execute(() -> ran.add("message"));
    ex.execute(() -> ran.add("halfClose"));
    assertEquals(0, delegate.handedOff.size(), "nothing runs while held");

    ex.release();
    ex.release(); // idempotent
    assertEquals(1, delegate.handedOff.size(), "three tasks, one hand-off");
    delegate.runAll();
    assertEquals(List.of("start", "message", "halfClose"), ran);

    ex.execute(() -> ran.add("later"));
    assertEquals(1, delegate.handedOff.size(), "after release it behaves as an ordinary one");
    delegate.runAll();
    assertEquals("later", ran.get(3));
  }

  @Test
  void enqueueLeavesTheHandOffToTheCallerOncePerDrain() {
    CountingDelegate delegate = new CountingDelegate();
    SerializingExecutor ex = new SerializingExecutor(delegate);
    List<String> ran = new ArrayList<>();
    Runnable drain = ex.enqueue(() -> ran.add("message"));
    assertTrue(drain != null, "the first task makes the executor runnable");
    assertEquals(null, ex.enqueue(() -> ran.add("halfClose")), "a drain is owed already");
    assertEquals(0, delegate.handedOff.size(), "nothing handed off before the caller says so");
    ex.scheduleDrain(drain);
    ex.scheduleDrain(null); // nothing
    assertEquals(1, delegate.handedOff.size());
    delegate.runAll();
    assertEquals(List.of("message", "halfClose"), ran);
    assertTrue(ex.enqueue(() -> ran.add("next")) != null, "runnable again once drained");
  }

  @Test
  void enqueueOnAHeldExecutorLeavesTheHandOffToRelease() {
    CountingDelegate delegate = new CountingDelegate();
    SerializingExecutor ex = SerializingExecutor.held(delegate);
    List<String> ran = new ArrayList<>();
    assertEquals(null, ex.enqueue(() -> ran.add("start")));
    ex.release();
    assertEquals(1, delegate.handedOff.size());
    delegate.runAll();
    assertEquals(List.of("start"), ran);
  }

  /** What a transport does with enqueueAll: hands the returned drain, if any, to the delegate. */
  private static void enqueueAll(SerializingExecutor ex, CountingDelegate delegate, List<Runnable> batch) {
    Runnable drain = ex.enqueueAll(batch);
    if (drain != null) {
      delegate.execute(drain);
    }
  }

  @Test
  void enqueueAllHandsOffOnceAndKeepsOrderWithSingleTasks() {
    CountingDelegate delegate = new CountingDelegate();
    SerializingExecutor ex = new SerializingExecutor(delegate);
    List<String> ran = new ArrayList<>();
    enqueueAll(ex, delegate, List.of(() -> ran.add("headers"), () -> ran.add("message"), () -> ran.add("trailers")));
    assertEquals(1, delegate.handedOff.size(), "three tasks, one hand-off");
    ex.execute(() -> ran.add("after"));
    enqueueAll(ex, delegate, List.of());
    assertEquals(1, delegate.handedOff.size(), "queued behind the pending drain");
    delegate.runAll();
    assertEquals(List.of("headers", "message", "trailers", "after"), ran);
    enqueueAll(ex, delegate, List.of(() -> {
      throw new IllegalStateException("a failing callback");
    }, () -> ran.add("still runs")));
    delegate.runAll();
    assertEquals("still runs", ran.get(4));
  }

  @Test
  void releasingAnEmptyHeldExecutorSchedulesNothing() {
    CountingDelegate delegate = new CountingDelegate();
    SerializingExecutor ex = SerializingExecutor.held(delegate);
    ex.release();
    assertEquals(0, delegate.handedOff.size());
    ex.execute(() -> {});
    assertEquals(1, delegate.handedOff.size());
  }

  @Test
  void tasksFromManyThreadsRunOneAtATimeInOrderPerProducer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SerializingExecutor ex = SerializingExecutor.held(pool);
      int producers = 2;
      int each = 20_000;
      AtomicInteger running = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      int[] last = new int[producers];
      AtomicInteger outOfOrder = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(producers * each);
      Thread[] threads = new Thread[producers];
      for (int p = 0; p < producers; p++) {
        int id = p;
        threads[p] = new Thread(() -> {
          for (int i = 1; i <= each; i++) {
            int seq = i;
            ex.execute(() -> {
              if (running.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
              }
              if (last[id] != seq - 1) {
                outOfOrder.incrementAndGet();
              }
              last[id] = seq;
              running.decrementAndGet();
              done.countDown();
            });
          }
        });
        threads[p].start();
      }
      ex.release(); // while the producers are still adding
      for (Thread t : threads) {
        t.join();
      }
      assertTrue(done.await(30, TimeUnit.SECONDS), "every task ran");
      assertEquals(0, overlaps.get());
      assertEquals(0, outOfOrder.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
