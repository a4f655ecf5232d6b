package io.triple.internal;

import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc-timeout} header: at most 8 ASCII digits followed by a unit
 * ({@code H M S m u n}). Encoding picks the finest unit that keeps the value within 8 digits, so
 * the value is exact whenever it can be.
 */
public final class GrpcTimeout {
  private static final long MAX_VALUE = 99_999_999L;

  private GrpcTimeout() {}

  /** Encodes a positive timeout; values below 1ns are sent as 1n. */
  public static String encode(long nanos) {
    if (nanos <= 0) {
      return "1n";
    }
    if (nanos <= MAX_VALUE) {
      return nanos + "n";
    }
    long[] divisors = {1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
    char[] units = {'u', 'm', 'S', 'M', 'H'};
    for (int i = 0; i < divisors.length; i++) {
      // Round up so the receiver never sees a shorter deadline than the sender meant.
      long v = (nanos + divisors[i] - 1) / divisors[i];
      if (v <= MAX_VALUE) {
        return v + String.valueOf(units[i]);
      }
    }
    return MAX_VALUE + "H";
  }

  /**
   * Decodes a header value to nanoseconds.
   *
   * @throws IllegalArgumentException with a message naming the bad value
   */
  public static long decode(String value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': expected 1-8 digits and a unit (H, M, S, m, u, n)");
    }
    long n = 0;
    for (int i = 0; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': expected 1-8 digits and a unit (H, M, S, m, u, n)");
      }
      n = n * 10 + (c - '0');
    }
    TimeUnit unit;
    switch (value.charAt(value.length() - 1)) {
      case 'n' -> unit = TimeUnit.NANOSECONDS;
      case 'u' -> unit = TimeUnit.MICROSECONDS;
      case 'm' -> unit = TimeUnit.MILLISECONDS;
      case 'S' -> unit = TimeUnit.SECONDS;
      case 'M' -> unit = TimeUnit.MINUTES;
      case 'H' -> unit = TimeUnit.HOURS;
      default -> throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': unknown unit '" + value.charAt(value.length() - 1) + "' (expected H, M, S, m, u, n)");
    }
    return unit.toNanos(n);
  }
}
