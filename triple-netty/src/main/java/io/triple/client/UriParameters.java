package io.triple.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query parameters of a direct target ({@code tri://host:port?version=1.0.0&group=g1}) applied
 * to a {@link TripleChannel.Builder}. Dubbo users write these in provider URLs; an unknown one is
 * an error rather than ignored, since an ignored {@code version} silently reaches another service.
 */
final class UriParameters {
  /** Parameter names and what they set; the order is the one error messages list. */
  private static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("version", "service version sent as tri-service-version");
    KNOWN.put("group", "service group sent as tri-service-group");
    KNOWN.put("timeout", "per-call timeout in milliseconds for calls that set none");
    KNOWN.put("connect.timeout", "connect timeout in milliseconds");
    KNOWN.put("max_body_size", "largest response message in bytes");
    KNOWN.put("payload", "Dubbo's older name of max_body_size");
  }

  private UriParameters() {}

  /** Applies {@code rawQuery} (may be null) to {@code b}; {@code original} names the target. */
  static void apply(String rawQuery, TripleChannel.Builder b, String original) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      try {
        switch (name) {
          case "version" -> b.serviceVersion(value);
          case "group" -> b.serviceGroup(value);
          case "timeout" -> b.defaultTimeout(Duration.ofMillis(positive(value)));
          case "connect.timeout" -> b.connectTimeout(Duration.ofMillis(positive(value)));
          case "max_body_size", "payload" -> b.maxInboundMessageSize((int) Math.min(positive(value), Integer.MAX_VALUE));
          default -> throw new IllegalArgumentException("Unknown parameter '" + name + "' in target '"
              + original + "'; known: " + String.join(", ", KNOWN.keySet()));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Parameter " + name + "=" + value + " in target '" + original
            + "' is not a positive integer (" + KNOWN.get(name) + ")", e);
      }
    }
  }

  private static long positive(String value) {
    long v = Long.parseLong(value.trim());
    if (v <= 0) {
      throw new NumberFormatException(value);
    }
    return v;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
