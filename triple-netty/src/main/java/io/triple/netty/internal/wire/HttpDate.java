package io.triple.netty.internal.wire;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;

/**
 * The {@code date} header of plain-HTTP answers (RFC 9110 asks an origin server with a clock for
 * one on 2xx to 4xx answers), formatted once a second, not once an answer.
 */
public final class HttpDate {
  private record Stamp(long second, AsciiString text) {}

  private static volatile Stamp last = new Stamp(-1, AsciiString.EMPTY_STRING);

  private HttpDate() {}

  /** The current time as an IMF-fixdate, e.g. {@code Mon, 30 Nov 2026 17:56:37 GMT}. */
  public static AsciiString now() {
    long ms = System.currentTimeMillis();
    long second = ms / 1000;
    Stamp s = last;
    if (s.second != second) {
      s = new Stamp(second, AsciiString.of(DateFormatter.format(new Date(second * 1000))));
      last = s; // racing threads format the same second; either result is right
    }
    return s.text;
  }
}
