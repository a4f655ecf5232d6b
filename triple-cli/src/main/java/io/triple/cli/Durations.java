package io.triple.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Parses durations as written on the command line: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or plain seconds. */
final class Durations {
  private Durations() {}

  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("Invalid duration '" + text + "': expected e.g. 500ms, 5s, 1.5s, 2m");
    }
    BigDecimal n = new BigDecimal(t.substring(0, i));
    long nanosPerUnit = switch (t.substring(i)) {
      case "ms" -> 1_000_000L;
      case "", "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException(
          "Invalid duration unit in '" + text + "': use ms, s, m or h");
    };
    Duration d = Duration.ofNanos(n.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("Duration must be positive: '" + text + "'");
    }
    return d;
  }
}
