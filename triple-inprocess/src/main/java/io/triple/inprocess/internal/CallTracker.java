package io.triple.inprocess.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The calls in flight on one side (a server or a channel), for its shutdown: after
 * {@link #shutdown()} no call is added, and once the last one has ended the side is terminated
 * and {@code onTerminated} runs (once).
 */
public final class CallTracker {
  private final Set<InProcessStream> active = new HashSet<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Runnable onTerminated;
  private boolean shutdown;
  private boolean done;

  public CallTracker(Runnable onTerminated) {
    this.onTerminated = onTerminated;
  }

  /** Adds a call; false if shut down. */
  synchronized boolean add(InProcessStream stream) {
    if (shutdown) {
      return false;
    }
    active.add(stream);
    return true;
  }

  void remove(InProcessStream stream) {
    boolean terminate;
    synchronized (this) {
      active.remove(stream);
      terminate = shutdown && active.isEmpty() && !done;
      done |= terminate;
    }
    if (terminate) {
      terminate();
    }
  }

  /** No more calls; terminates now if none is in flight. Idempotent. */
  public void shutdown() {
    boolean terminate;
    synchronized (this) {
      shutdown = true;
      terminate = active.isEmpty() && !done;
      done |= terminate;
    }
    if (terminate) {
      terminate();
    }
  }

  public synchronized boolean isShutdown() {
    return shutdown;
  }

  /** Ends every call in flight: the client sees {@code clientStatus}, the server a cancellation. */
  public void abortAll(io.triple.Status clientStatus) {
    List<InProcessStream> calls;
    synchronized (this) {
      calls = new ArrayList<>(active);
    }
    for (InProcessStream s : calls) {
      s.abort(clientStatus);
    }
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  private void terminate() {
    try {
      onTerminated.run();
    } finally {
      terminated.countDown();
    }
  }
}
