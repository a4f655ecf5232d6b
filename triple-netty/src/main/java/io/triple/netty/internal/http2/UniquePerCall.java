package io.triple.netty.internal.http2;

import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;

/**
 * Headers whose value is new on every call: W3C {@code traceparent} (a fresh span id each time).
 * HPACK would add each such value to the connection's dynamic table, where it is never used
 * again and pushes out entries that would be; sent as "never indexed" literals they skip the
 * table on both ends.
 */
final class UniquePerCall {
  private UniquePerCall() {}

  private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");

  static final Http2HeadersEncoder.SensitivityDetector DETECTOR =
      (name, value) -> name.length() == TRACEPARENT.length() && AsciiString.contentEqualsIgnoreCase(name, TRACEPARENT);
}
