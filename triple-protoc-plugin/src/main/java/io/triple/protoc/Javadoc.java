package io.triple.protoc;

/** Turns free text from .proto comments into text that is safe inside a javadoc comment. */
final class Javadoc {
  private Javadoc() {}

  /**
   * Escapes text for javadoc: HTML specials, {@code @} (would start a block tag), {@code *}{@code /}
   * (would end the comment) and backslashes (javac translates {@code \}{@code u} escapes even
   * inside comments, so one could forge a comment terminator or a line break).
   */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '@' -> b.append("&#64;");
        case '\\' -> b.append("&#92;");
        case '*' -> b.append(i + 1 < text.length() && text.charAt(i + 1) == '/' ? "&#42;" : "*");
        case '\r' -> { }
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A proto comment as a {@code <pre>} block (keeps the author's line breaks and indentation), or
   * null if there is no comment.
   */
  static String preBlock(String protoComment) {
    if (protoComment == null) {
      return null;
    }
    String trimmed = stripTrailingBlankLines(protoComment);
    if (trimmed.isBlank()) {
      return null;
    }
    return "<pre>\n" + escape(stripCommonIndent(trimmed)) + "\n</pre>";
  }

  /** Removes the leading spaces all non-blank lines share (protoc keeps the one after //). */
  private static String stripCommonIndent(String s) {
    String[] lines = s.split("\n", -1);
    int common = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        int n = 0;
        while (n < l.length() && l.charAt(n) == ' ') {
          n++;
        }
        common = Math.min(common, n);
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        b.append('\n');
      }
      b.append(lines[i].length() >= common ? lines[i].substring(common) : lines[i].strip());
    }
    return b.toString();
  }

  private static String stripTrailingBlankLines(String s) {
    String r = s.replace("\r", "");
    while (r.endsWith("\n") || r.endsWith(" ")) {
      r = r.substring(0, r.length() - 1);
    }
    while (r.startsWith("\n")) {
      r = r.substring(1);
    }
    return r;
  }

  /** Text safe inside a single-line {@code //} comment (no line breaks, no unicode escapes). */
  static String lineComment(String text) {
    return text.replace('\\', '/').replace('\r', ' ').replace('\n', ' ');
  }
}
