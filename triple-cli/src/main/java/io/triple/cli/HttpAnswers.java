package io.triple.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.triple.Metadata;
import io.triple.Status;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the HTTP protocols share: envelopes, header conversion, status codes in their spellings. */
final class HttpAnswers {
  private HttpAnswers() {}

  /** A message in gRPC's 5-byte envelope (flags 0: uncompressed). */
  static byte[] envelope(byte[] message) {
    return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
  }

  /** One envelope read from a body. */
  record Envelope(int flags, byte[] data) {}

  /** The next envelope, or null at the end of the body. */
  static Envelope readEnvelope(DataInputStream in) throws IOException {
    int flags = in.read();
    if (flags == -1) {
      return null;
    }
    try {
      int length = in.readInt();
      byte[] data = new byte[length];
      in.readFully(data);
      return new Envelope(flags, data);
    } catch (EOFException e) {
      throw new IOException("The answer ended inside a message", e);
    }
  }

  /**
   * Response headers as metadata; those prefixed {@code trailer-} (Connect's and Triple's unary
   * trailers) go to {@code trailers} instead when it is not null.
   */
  static Metadata metadata(HttpHeaders headers, Metadata trailers) {
    Metadata m = new Metadata();
    for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.startsWith(":")) {
        continue;
      }
      for (String v : e.getValue()) {
        if (trailers != null && key.startsWith("trailer-")) {
          trailers.addFromWire(key.substring("trailer-".length()), v);
        } else {
          m.addFromWire(key, v);
        }
      }
    }
    return m;
  }

  /** A JSON object that is not one of the call's messages (errors, end-of-stream), or null. */
  static Struct struct(String json) {
    try {
      Struct.Builder b = Struct.newBuilder();
      JsonFormat.parser().merge(json, b);
      return b.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return null;
    }
  }

  static String string(Struct s, String key) {
    Value v = s == null ? null : s.getFieldsMap().get(key);
    if (v == null) {
      return null;
    }
    return v.hasNumberValue() ? String.valueOf((long) v.getNumberValue()) : v.getStringValue();
  }

  /** A code as Connect and Triple's JSON spell it: {@code not_found}, {@code canceled}. */
  static Status.Code connectCode(String name) {
    if (name == null) {
      return null;
    }
    if (name.equals("canceled")) {
      return Status.Code.CANCELLED;
    }
    try {
      return Status.Code.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The status of {@code grpc-status} / {@code grpc-message} headers, or null without them. */
  static Status grpcStatus(Metadata m) {
    String code = m.get("grpc-status");
    if (code == null) {
      return null;
    }
    Status.Code c;
    try {
      c = Status.Code.forValue(Integer.parseInt(code.trim()));
    } catch (NumberFormatException e) {
      c = null;
    }
    Status s = Status.fromCode(c == null ? Status.Code.UNKNOWN : c);
    String message = m.get("grpc-message");
    return message == null ? s : s.withDescription(percentDecode(message));
  }

  /** gRPC's percent-encoding of grpc-message (UTF-8 bytes as %XX; '+' is a plus). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        try {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException ignored) {
          // Not an escape: keep it as written.
        }
      }
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A failed answer that says nothing better than its HTTP status. */
  static Status fromHttpStatus(int status, String body) {
    Status.Code code = switch (status) {
      case 400 -> Status.Code.INTERNAL;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 404 -> Status.Code.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
      default -> Status.Code.UNKNOWN;
    };
    String text = body == null || body.isBlank() ? "" : ": " + body.strip();
    return Status.fromCode(code).withDescription("HTTP " + status + text);
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
