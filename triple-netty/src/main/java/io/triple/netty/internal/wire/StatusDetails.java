package io.triple.netty.internal.wire;

import io.triple.Metadata;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The detail messages of a rich error, read from the {@code grpc-status-details-bin} trailer (a
 * serialized {@code google.rpc.Status}) for the JSON error forms, which list them as Connect does:
 * {@code "details":[{"type":"google.rpc.BadRequest","value":"<base64>"}]}. Read by hand from the
 * protobuf wire format (field 3, repeated {@code google.protobuf.Any}: type URL 1, value 2): the
 * transport does not depend on protobuf-java.
 */
final class StatusDetails {
  public static final String TRAILER = "grpc-status-details-bin";
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  /** One detail: its message type's full name and its serialized bytes. */
  record Detail(String type, byte[] value) {}

  private StatusDetails() {}

  /** The details in {@code trailers}; empty if there are none or the trailer is unreadable. */
  public static List<Detail> of(Metadata trailers) {
    byte[] status = trailers == null ? null : trailers.getBinary(TRAILER);
    if (status == null) {
      return List.of();
    }
    try {
      List<Detail> details = new ArrayList<>();
      Reader r = new Reader(status, 0, status.length);
      while (r.more()) {
        int tag = (int) r.varint();
        if (tag == (3 << 3 | 2)) {
          details.add(any(r.bytes()));
        } else {
          r.skip(tag & 7);
        }
      }
      return details;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return List.of(); // not a google.rpc.Status: the trailer still goes out as metadata
    }
  }

  private static Detail any(Reader r) {
    String typeUrl = "";
    byte[] value = new byte[0];
    while (r.more()) {
      int tag = (int) r.varint();
      if (tag == (1 << 3 | 2)) {
        Reader s = r.bytes();
        typeUrl = new String(s.buf, s.pos, s.end - s.pos, java.nio.charset.StandardCharsets.UTF_8);
      } else if (tag == (2 << 3 | 2)) {
        Reader v = r.bytes();
        value = java.util.Arrays.copyOfRange(v.buf, v.pos, v.end);
      } else {
        r.skip(tag & 7);
      }
    }
    String type = typeUrl.startsWith(TYPE_URL_PREFIX) ? typeUrl.substring(TYPE_URL_PREFIX.length()) : typeUrl;
    return new Detail(type, value);
  }

  /** {@code ,"details":[...]} for a JSON error object, or nothing if there are no details. */
  public static void appendJson(StringBuilder json, List<Detail> details) {
    if (details.isEmpty()) {
      return;
    }
    json.append(",\"details\":[");
    for (int i = 0; i < details.size(); i++) {
      Detail d = details.get(i);
      json.append(i == 0 ? "{\"type\":" : ",{\"type\":");
      JsonText.appendString(json, d.type());
      json.append(",\"value\":\"").append(Base64.getEncoder().withoutPadding().encodeToString(d.value()))
          .append("\"}");
    }
    json.append(']');
  }

  /** A bounded view of protobuf wire bytes. */
  private static final class Reader {
    final byte[] buf;
    int pos;
    final int end;

    Reader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IndexOutOfBoundsException("truncated varint");
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    Reader bytes() {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IndexOutOfBoundsException("length " + n + " past the end");
      }
      Reader r = new Reader(buf, pos, pos + (int) n);
      pos += (int) n;
      return r;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> bytes();
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("wire type " + wireType);
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new IndexOutOfBoundsException("truncated field");
      }
      pos += n;
    }
  }
}
