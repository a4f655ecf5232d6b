package io.triple.bench;

/**
 * Lets the soak's callers start calls, holds them back while the soak measures resources (so
 * start and end figures are taken in the same state: no call in flight, connections open), and
 * stops them at the end.
 */
final class LoadGate {
  private boolean open = true;
  private boolean stopped;
  private int inFlight;

  /** Waits while the gate is closed; false once stopped. A true answer must be paired with {@link #exit()}. */
  synchronized boolean enter() throws InterruptedException {
    while (!open && !stopped) {
      wait();
    }
    if (stopped) {
      return false;
    }
    inFlight++;
    return true;
  }

  /** Calls in flight now. */
  synchronized int inFlight() {
    return inFlight;
  }

  synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  /** Closes the gate and waits up to {@code timeoutMs} for calls in flight to end; true if they did. */
  synchronized boolean drain(long timeoutMs) throws InterruptedException {
    open = false;
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (inFlight > 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  synchronized void reopen() {
    open = true;
    notifyAll();
  }

  /** No more calls: callers waiting at the gate, or coming to it, leave. */
  synchronized void stop() {
    stopped = true;
    notifyAll();
  }
}
