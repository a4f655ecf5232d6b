package io.triple.netty.internal.http2;

import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;

/**
 * How a connection's HPACK encoder sends headers whose value is new on every call: W3C {@code
 * traceparent} (a fresh span id each time) and {@code grpc-timeout} (the time left, to the
 * microsecond). HPACK would add each such value to the connection's dynamic table, on both ends,
 * where it is never used again and pushes out entries that are (path, authority, user agent).
 * Sent as "never indexed" literals they skip both tables: the encoder no longer hashes the value,
 * evicts and inserts, the decoder no longer inserts (bench {@code HpackBenchmark}, docs/observability.md).
 *
 * <p>One value in {@value #INDEX_EVERY} is indexed after all: a literal names its header by an
 * index when the name is in a table, and {@code traceparent} is not in HPACK's static one. With
 * one entry of it in the dynamic table the other calls' literals refer to its name (2 bytes)
 * instead of spelling it (12 bytes); the periodic entry brings the name back when other headers
 * have pushed it out.
 *
 * <p>One per connection (it counts): the encoder asks it on the connection's event loop only.
 */
public final class UniquePerCall implements Http2HeadersEncoder.SensitivityDetector {
  static final int INDEX_EVERY = 64;
  private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
  private static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");

  private int traceparents;
  private int timeouts;

  @Override
  public boolean isSensitive(CharSequence name, CharSequence value) {
    // Header names on the wire are lower case (RFC 9113 8.2.1): an exact comparison is enough.
    // The length and first letter turn every other header of a call away before a comparison.
    int length = name.length();
    if (length == 11 && name.charAt(0) == 't' && AsciiString.contentEquals(name, TRACEPARENT)) {
      return traceparents++ % INDEX_EVERY != 0;
    }
    if (length == 12 && name.charAt(0) == 'g' && AsciiString.contentEquals(name, GRPC_TIMEOUT)) {
      return timeouts++ % INDEX_EVERY != 0;
    }
    return false;
  }
}
