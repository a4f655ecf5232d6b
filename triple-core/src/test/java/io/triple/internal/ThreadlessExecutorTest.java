package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ThreadlessExecutorTest {
  @Test
  void tasksFromOtherThreadsRunOnTheWaiterInOrder() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    List<Integer> order = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 1000; i++) {
                int n = i;
                executor.execute(
                    () -> {
                      order.add(n);
                      threads.add(Thread.currentThread());
                    });
              }
            });
    producer.start();
    while (order.size() < 1000) {
      executor.waitAndDrain();
    }
    producer.join();
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, order.get(i));
      assertEquals(Thread.currentThread(), threads.get(i));
    }
  }

  @Test
  void wakeEndsAWaitWithoutATask() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    CountDownLatch waiting = new CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try {
                waiting.await();
              } catch (InterruptedException e) {
                return;
              }
              executor.wake();
            });
    other.start();
    waiting.countDown();
    executor.waitAndDrain(); // returns: woken (or spuriously), never stuck
    other.join();
  }

  @Test
  void interruptEndsTheWaitAndKeepsQueuedTasks() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, executor::waitAndDrain);
    assertEquals(false, Thread.currentThread().isInterrupted(), "cleared, as Object.wait does");

    AtomicReference<Thread> ranOn = new AtomicReference<>();
    executor.execute(() -> ranOn.set(Thread.currentThread()));
    executor.waitAndDrain();
    assertEquals(Thread.currentThread(), ranOn.get());
  }

  @Test
  void afterShutdownQueuedAndLaterTasksGoToTheFallback() throws Exception {
    ExecutorService fallback = Executors.newSingleThreadExecutor();
    try {
      ThreadlessExecutor executor = new ThreadlessExecutor(fallback);
      CountDownLatch ran = new CountDownLatch(2);
      List<Thread> threads = new ArrayList<>();
      executor.execute(
          () -> {
            threads.add(Thread.currentThread());
            ran.countDown();
          });
      executor.shutdown();
      executor.execute(
          () -> {
            threads.add(Thread.currentThread());
            ran.countDown();
          });
      assertTrue(ran.await(10, TimeUnit.SECONDS), "both tasks ran on the fallback");
      assertEquals(2, threads.size());
      assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()));
    } finally {
      fallback.shutdownNow();
    }
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheOthers() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    List<String> ran = new ArrayList<>();
    executor.execute(
        () -> {
          throw new IllegalStateException("boom (expected by the test)");
        });
    executor.execute(() -> ran.add("second"));
    executor.waitAndDrain();
    assertEquals(List.of("second"), ran);
  }

  @Test
  void aWakeBeforeTheWaitIsNotLost() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    Thread other = new Thread(executor::wake);
    other.start();
    other.join();
    executor.waitAndDrain(); // would park for ever if the wake were lost
  }

  @Test
  void oneThreadDrainsAtATimeAndAnotherMayTakeOver() throws Exception {
    ThreadlessExecutor executor = new ThreadlessExecutor(Runnable::run);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The first thread's drain runs this task, so it is inside waitAndDrain until released.
    executor.execute(
        () -> {
          inside.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ranOn.set(Thread.currentThread());
        });
    Thread first =
        new Thread(
            () -> {
              try {
                executor.waitAndDrain();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    first.start();
    assertTrue(inside.await(10, TimeUnit.SECONDS), "the first thread is draining");
    AtomicReference<Throwable> refused = new AtomicReference<>();
    Thread second =
        new Thread(
            () -> {
              try {
                executor.waitAndDrain();
              } catch (Throwable t) {
                refused.set(t);
              }
            });
    second.start();
    second.join();
    assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));

    release.countDown();
    first.join();
    assertEquals(first, ranOn.get());

    executor.execute(() -> ranOn.set(Thread.currentThread()));
    executor.waitAndDrain(); // the first thread is gone: this one may drain now
    assertEquals(Thread.currentThread(), ranOn.get());
  }
}
