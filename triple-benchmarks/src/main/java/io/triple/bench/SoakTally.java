package io.triple.bench;

import io.triple.bench.SoakCall.Kind;
import io.triple.bench.SoakCall.Result;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client kind's totals over the soak: calls by outcome, messages, violations in each
 * direction, calls that never ended, and when calls failed relative to the provider's kill.
 */
final class SoakTally {
  /**
   * Calls relative to the kill: how many were in flight when it came, how many of those still
   * ended OK and when the last of them did; failed calls it cut (started before it), calls started after it that failed before
   * the client recovered, failures outside that window; and how long it lasted.
   */
  record KillWindow(long inFlight, long okAcross, long okAcrossLastMs, long cut, long failedInOutage, long failedOutside,
      long lastFailureMs, long recoveredMs) {
    /** {@code recoveredMs}: from the kill to the end of the first OK call started after it; -1 if none. */
    boolean recovered() {
      return recoveredMs >= 0;
    }
  }

  private final Map<Kind, Long> ok = new EnumMap<>(Kind.class);
  private final Map<String, Long> failedByCode = new TreeMap<>();
  private final List<long[]> failures = new ArrayList<>(); // {start, end} nanos
  /** OK calls from shortly before the kill until the client recovered: {start, end} nanos. */
  private final List<long[]> okNearKill = new ArrayList<>();
  private long sent;
  private long received;
  private Violations requests = Violations.NONE;
  private Violations responses = Violations.NONE;
  private long neverEnded;
  private long armedNanos = -1;
  private long killNanos = -1;
  private long deadNanos = -1;
  private long recoveredNanos = Long.MAX_VALUE;

  synchronized void record(Result r) {
    sent += r.sent();
    received += r.received();
    requests = requests.plus(r.requests());
    responses = responses.plus(r.responses());
    if (r.ok()) {
      ok.merge(r.kind(), 1L, Long::sum);
      if (deadNanos >= 0 && r.startNanos() >= deadNanos) {
        recoveredNanos = Math.min(recoveredNanos, r.endNanos());
      } else if (armedNanos >= 0 && recoveredNanos == Long.MAX_VALUE) {
        okNearKill.add(new long[] {r.startNanos(), r.endNanos()});
      }
    } else {
      failedByCode.merge(r.code(), 1L, Long::sum);
      failures.add(new long[] {r.startNanos(), r.endNanos()});
    }
  }

  /** A call that did not end within its deadline and a margin: the framework lost track of it. */
  synchronized void recordNeverEnded() {
    neverEnded++;
  }

  /**
   * The kill is coming: from now on OK calls are kept until the client recovers, so that those
   * in flight at the kill can be told (the kill's exact time is only known once it happened).
   */
  synchronized void armKill(long nanos) {
    armedNanos = nanos;
  }

  /**
   * The kill: {@code killNanos} just before the signal, {@code deadNanos} once the process had died.
   * Only a call started after its death proves recovery: one started a moment before may still
   * have been served by the dying provider.
   */
  synchronized void markKill(long killNanos, long deadNanos) {
    this.killNanos = killNanos;
    this.deadNanos = deadNanos;
    okNearKill.removeIf(c -> {
      if (c[0] >= deadNanos) {
        recoveredNanos = Math.min(recoveredNanos, c[1]); // recorded before this mark
        return true;
      }
      return false;
    });
  }

  synchronized long ok(Kind kind) {
    return ok.getOrDefault(kind, 0L);
  }

  synchronized long okTotal() {
    return ok.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized Map<String, Long> failedByCode() {
    return new TreeMap<>(failedByCode);
  }

  synchronized long sent() {
    return sent;
  }

  synchronized long received() {
    return received;
  }

  synchronized Violations requests() {
    return requests;
  }

  synchronized Violations responses() {
    return responses;
  }

  synchronized long neverEnded() {
    return neverEnded;
  }

  /**
   * A failure is in the kill's window if it ended after the kill and began before the client's
   * first OK call after the provider's death ended: calls cut by the kill and calls made while the provider was down
   * or the client was reconnecting. Any other failure is unexpected.
   */
  synchronized KillWindow killWindow() {
    long okAcross = 0;
    long okAcrossLast = killNanos;
    for (long[] c : okNearKill) {
      if (c[0] < killNanos && c[1] >= killNanos) {
        okAcross++;
        okAcrossLast = Math.max(okAcrossLast, c[1]);
      }
    }
    long cut = 0;
    long inOutage = 0;
    long outside = 0;
    long lastEnd = killNanos;
    for (long[] f : failures) {
      if (killNanos >= 0 && f[1] >= killNanos && f[0] < recoveredNanos) {
        if (f[0] < killNanos) {
          cut++;
        } else {
          inOutage++;
        }
        lastEnd = Math.max(lastEnd, f[1]);
      } else {
        outside++;
      }
    }
    long recovered = recoveredNanos == Long.MAX_VALUE || killNanos < 0 ? -1 : ms(recoveredNanos - killNanos);
    return new KillWindow(okAcross + cut, okAcross, ms(okAcrossLast - killNanos), cut, inOutage, outside,
        killNanos < 0 ? 0 : ms(lastEnd - killNanos), recovered);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
