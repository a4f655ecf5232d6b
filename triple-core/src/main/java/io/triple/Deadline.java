package io.triple;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** An absolute point in time, on the monotonic clock, by which a call must finish. */
public final class Deadline implements Comparable<Deadline> {
  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  public static Deadline after(long duration, TimeUnit unit) {
    return new Deadline(saturatedAdd(System.nanoTime(), unit.toNanos(duration)));
  }

  public static Deadline after(Duration duration) {
    return after(saturatedNanos(duration), TimeUnit.NANOSECONDS);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }

  /** Time left, negative once expired. */
  public long timeRemaining(TimeUnit unit) {
    return unit.convert(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  public boolean isExpired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /** The earlier of this and {@code other}. */
  public Deadline minimum(Deadline other) {
    return other == null || compareTo(other) <= 0 ? this : other;
  }

  @Override
  public int compareTo(Deadline o) {
    return Long.compare(deadlineNanos - o.deadlineNanos, 0);
  }

  @Override
  public String toString() {
    long ms = timeRemaining(TimeUnit.MILLISECONDS);
    return "Deadline{" + (ms >= 0 ? ms + "ms from now" : (-ms) + "ms ago") + "}";
  }
}
