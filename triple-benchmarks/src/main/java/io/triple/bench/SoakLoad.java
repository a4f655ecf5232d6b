package io.triple.bench;

import io.triple.bench.SoakCall.Kind;
import io.triple.bench.SoakCall.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's share of the soak: {@code inflight} callers, each making calls of random kinds
 * one after another through the gate, so at most {@code inflight} calls are in flight, and
 * together at most {@code ratePerSecond} calls a second (0: as fast as they complete).
 */
final class SoakLoad {
  /**
   * A caller's pause after a failed call. While the provider is down, calls fail at once; without
   * a pause the callers would spin and the failure counts would say more about CPU speed than
   * about the framework.
   */
  static final long PAUSE_AFTER_FAILURE_MS = 50;

  /** Beyond its deadline, how long a caller waits for a call's end before counting it as never ended. */
  private static final long END_MARGIN_MS = 10_000;

  private final SoakClient client;
  private final LoadGate gate;
  private final SoakTally tally = new SoakTally();
  private final AtomicLong callIds = new AtomicLong();
  private final List<Thread> callers = new ArrayList<>();
  /** Each caller's interval between call starts; 0 for none. */
  private final long intervalNanos;
  private volatile boolean flatOut;

  SoakLoad(SoakClient client, LoadGate gate, int inflight, int ratePerSecond) {
    this.client = client;
    this.gate = gate;
    this.intervalNanos = ratePerSecond > 0 ? inflight * 1_000_000_000L / ratePerSecond : 0;
    for (int i = 0; i < inflight; i++) {
      String clientId = client.kind() + "-" + i;
      Thread t = new Thread(() -> callLoop(clientId), "soak-caller-" + clientId);
      t.setDaemon(true);
      callers.add(t);
    }
  }

  void start() {
    callers.forEach(Thread::start);
  }

  /**
   * Drops the rate limit while true: before the kill, so that it cuts as many calls in flight as
   * the callers can hold rather than the one or two a paced load has at any moment.
   */
  void flatOut(boolean on) {
    flatOut = on;
  }

  SoakTally tally() {
    return tally;
  }

  SoakClient client() {
    return client;
  }

  /** Waits for the callers to leave once the gate is stopped. */
  void join() throws InterruptedException {
    for (Thread t : callers) {
      t.join();
    }
  }

  private void callLoop(String clientId) {
    Kind[] kinds = Kind.values();
    // Callers start out of phase, so the calls are spread over each interval.
    long next = System.nanoTime() + (intervalNanos > 0 ? ThreadLocalRandom.current().nextLong(intervalNanos) : 0);
    try {
      while (true) {
        long now = System.nanoTime();
        if (flatOut) {
          next = now; // no schedule to catch up with afterwards
        } else if (next > now) {
          TimeUnit.NANOSECONDS.sleep(next - now);
        }
        next = Math.max(next, System.nanoTime()) + intervalNanos;
        if (!gate.enter()) {
          break;
        }
        Result result;
        try {
          Kind kind = kinds[ThreadLocalRandom.current().nextInt(kinds.length)];
          result =
              SoakCall.start(client, clientId, callIds.incrementAndGet(), kind)
                  .get(SoakClients.DEADLINE.toMillis() + END_MARGIN_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          result = null;
        } catch (ExecutionException e) {
          throw new IllegalStateException(e); // SoakCall completes normally only
        } finally {
          gate.exit();
        }
        if (result == null) {
          tally.recordNeverEnded();
        } else {
          tally.record(result);
        }
        if (result == null || !result.ok()) {
          Thread.sleep(PAUSE_AFTER_FAILURE_MS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
