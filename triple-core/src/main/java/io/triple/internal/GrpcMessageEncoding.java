package io.triple.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of {@code grpc-message} as the gRPC HTTP/2 spec defines it: UTF-8 bytes,
 * printable ASCII (0x20-0x7E) except '%' kept as is, everything else as {@code %XX}. Decoding
 * is lenient: a malformed escape is kept literally rather than failing the call.
 */
public final class GrpcMessageEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private GrpcMessageEncoding() {}

  public static String encode(String message) {
    if (message == null) {
      return null;
    }
    boolean plain = true;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '%') {
        plain = false;
        break;
      }
    }
    if (plain) {
      return message;
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int u = b & 0xff;
      if (u >= 0x20 && u < 0x7f && u != '%') {
        sb.append((char) u);
      } else {
        sb.append('%').append(HEX[u >> 4]).append(HEX[u & 0xf]);
      }
    }
    return sb.toString();
  }

  public static String decode(String value) {
    if (value == null || value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(raw, 0, raw.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
