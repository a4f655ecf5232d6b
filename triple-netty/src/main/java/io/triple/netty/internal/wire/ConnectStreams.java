package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.JsonText;
import io.triple.netty.internal.wire.StatusDetails;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming half of the Connect protocol, which Triple's HTTP calls follow (Dubbo-js and
 * Dubbo-go's Triple clients are Connect's, with {@code tri-} headers): {@code
 * application/connect+proto} or {@code +json}, messages in the same 5-byte envelopes as gRPC's, and
 * no HTTP trailers: the call's status and trailing metadata travel in a last envelope, flagged
 * end-of-stream (0x02), whose body is JSON:
 * {@code {"error":{"code":"not_found","status":5,"message":"...","details":[...]},
 * "metadata":{"key":["value"]}}}.
 * Compression is named by {@code connect-content-encoding} / {@code connect-accept-encoding}.
 *
 * <p>Served on both HTTP versions by the server's {@code FramedCall}, the gRPC call machinery;
 * only the content type, the header names and the end of the response differ.
 */
final class ConnectStreams {
  static final AsciiString CONTENT_ENCODING = AsciiString.cached("connect-content-encoding");
  static final AsciiString ACCEPT_ENCODING = AsciiString.cached("connect-accept-encoding");
  private static final AsciiString PROTO = AsciiString.cached("application/connect+proto");
  private static final AsciiString JSON = AsciiString.cached("application/connect+json");
  /** Envelope flag of the last message: the end-of-stream JSON. */
  static final int END_STREAM_FLAG = 0x02;

  private ConnectStreams() {}

  /** The response headers: 200, the content type (JSON or protobuf), and the compression in use. */
  static Http2Headers responseHeaders(boolean json, boolean gzip) {
    Http2Headers h = new DefaultHttp2Headers(false).status(GrpcHeaders.STATUS_200);
    h.set(GrpcHeaders.CONTENT_TYPE, json ? JSON : PROTO);
    if (gzip) {
      h.set(CONTENT_ENCODING, GrpcHeaders.GZIP);
    }
    h.set(ACCEPT_ENCODING, GrpcHeaders.ACCEPTED_ENCODINGS);
    return h;
  }

  /**
   * The end-of-stream envelope for {@code status} and {@code trailers}: {@code error} unless the
   * status is OK, {@code metadata} when there are trailers (as lists of strings; binary values
   * in unpadded base64, as in headers).
   */
  static ByteBuf endOfStream(ByteBufAllocator alloc, Status status, Metadata trailers) {
    StringBuilder json = new StringBuilder(64).append('{');
    if (!status.isOk()) {
      // "code" for Connect's clients, "status" (the number) for Dubbo-js's published one.
      json.append("\"error\":{\"code\":\"").append(HttpErrors.codeName(status.code()))
          .append("\",\"status\":").append(status.code().value());
      if (status.description() != null) {
        json.append(",\"message\":");
        JsonText.appendString(json, status.description());
      }
      StatusDetails.appendJson(json, StatusDetails.of(trailers));
      json.append('}');
    }
    Map<String, List<String>> metadata = metadata(status, trailers);
    if (!metadata.isEmpty()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("\"metadata\":{");
      boolean firstKey = true;
      for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
        if (!firstKey) {
          json.append(',');
        }
        firstKey = false;
        JsonText.appendString(json, e.getKey());
        json.append(":[");
        for (int i = 0; i < e.getValue().size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          JsonText.appendString(json, e.getValue().get(i));
        }
        json.append(']');
      }
      json.append('}');
    }
    byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    return alloc.buffer(5 + body.length)
        .writeByte(END_STREAM_FLAG)
        .writeInt(body.length)
        .writeBytes(body);
  }

  /** Trailers by key, in order, without pseudo or reserved headers. */
  private static Map<String, List<String>> metadata(Status status, Metadata trailers) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    if (trailers == null) {
      return byKey;
    }
    for (Metadata.Entry e : trailers) {
      String k = e.key();
      if (!GrpcHeaders.isSendable(k)
          || (!status.isOk() && k.equals(StatusDetails.TRAILER))) { // as the error's details
        continue;
      }
      byKey.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(e.textValue());
    }
    return byKey;
  }
}
