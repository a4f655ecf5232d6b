package io.triple.internal;

import io.triple.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * For transports: the header names the transport owns. User {@link io.triple.Metadata} under
 * these names (or a pseudo-header's {@code :name}) is not sent: the transport writes them itself
 * (content type, timeouts, status, encodings, Dubbo's key spellings), and HTTP/2 forbids the
 * connection-specific ones. One rule for every transport, so metadata a network call would drop
 * is dropped in process too, and the same key spellings travel with what is sent.
 */
public final class ReservedHeaders {
  /**
   * Apache Dubbo's header naming the original spelling of keys given with capitals; the
   * transport writes it from {@code Metadata.originalKeys()}.
   */
  public static final String HEADER_CONVERT = "tri-header-convert";

  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "te",
          "user-agent",
          "grpc-status",
          "grpc-message",
          "grpc-timeout",
          "grpc-encoding",
          "grpc-accept-encoding",
          "connect-protocol-version",
          "connect-timeout-ms",
          "connect-content-encoding",
          "connect-accept-encoding",
          HEADER_CONVERT,
          "connection",
          "host",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "upgrade");

  private ReservedHeaders() {}

  /** Whether the transport owns {@code key} (a lower-case Metadata key). */
  public static boolean isReserved(String key) {
    return RESERVED.contains(key);
  }

  /** Whether user metadata under {@code key} goes on the wire: not a pseudo or reserved header. */
  public static boolean isSendable(String key) {
    return !key.startsWith(":") && !isReserved(key);
  }

  /**
   * The key spellings that travel with {@code md} as Dubbo's {@link #HEADER_CONVERT} carries them:
   * lower-case key to the key as given, for the keys given with capitals that are still in
   * {@code md} and {@linkplain #isSendable sendable}, in the order they were given. Empty, without
   * allocating, when no key was given with capitals (the usual call).
   */
  public static Map<String, String> sentSpellings(Metadata md) {
    Map<String, String> spellings = md.originalKeys();
    if (spellings.isEmpty()) {
      return spellings;
    }
    Map<String, String> sent = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : spellings.entrySet()) {
      if (md.containsKey(s.getKey()) && isSendable(s.getKey())) {
        sent.put(s.getKey(), s.getValue());
      }
    }
    return sent;
  }
}
