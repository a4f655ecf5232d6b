package io.triple.netty.internal.wire;

/** JSON text for the error bodies of the plain-HTTP and Connect dialects (no JSON library: one escaper). */
final class JsonText {
  private JsonText() {}

  /** Appends {@code s} as a JSON string literal, quotes and escapes included. */
  public static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
