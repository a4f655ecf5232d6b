package org.apache.dubbo.sample.tri;

import io.triple.Metadata;

/**
 * Prints messages and metadata the way the Dubbo Rust streaming guide's output shows them
 * ({@code GreeterReply { message: "..." }}), so the example's output can be compared line by
 * line with the guide.
 */
final class RustStyle {
  private RustStyle() {}

  static String reply(GreeterReply r) {
    return "GreeterReply { message: " + quote(r.getMessage()) + " }";
  }

  static String request(GreeterRequest r) {
    return "GreeterRequest { name: " + quote(r.getName()) + " }";
  }

  static String metadata(Metadata md) {
    StringBuilder sb = new StringBuilder("Metadata { inner: {");
    boolean first = true;
    for (Metadata.Entry e : md) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(quote(e.key())).append(": ").append(quote(e.textValue()));
    }
    return sb.append("} }").toString();
  }

  /** Rust's {@code {:?}} for a string: double quotes, with quotes and backslashes escaped. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
