package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.GrpcMessageEncoding;
import io.triple.netty.internal.wire.GrpcHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The protocols whose calls {@code ServerStream} serves with one call machinery, told apart by the
 * request's content type. All frame messages in the same 5-byte envelopes; they differ in the
 * names of a few headers and in where the status goes:
 *
 * <ul>
 *   <li>gRPC ({@code application/grpc}, {@code +proto}, {@code +json}): HTTP/2 trailers;
 *   <li>Connect's streams ({@code application/connect+proto}, {@code +json}; Dubbo-js's and
 *       Dubbo-go's Triple clients): a last envelope of JSON, see {@link ConnectStreams};
 *   <li>gRPC-Web ({@code application/grpc-web}, {@code +proto}, {@code +json}; browsers, through no
 *       proxy): a last envelope flagged {@code 0x80} holding the trailers as an HTTP/1 header block,
 *       since browsers cannot read HTTP trailers.
 * </ul>
 */
public enum Wire {
  GRPC(false),
  GRPC_JSON(true),
  CONNECT_PROTO(false),
  CONNECT_JSON(true),
  GRPC_WEB_PROTO(false),
  GRPC_WEB_JSON(true);

  private static final AsciiString GRPC_JSON_TYPE = AsciiString.cached("application/grpc+json");
  private static final AsciiString GRPC_WEB_PROTO_TYPE = AsciiString.cached("application/grpc-web+proto");
  private static final AsciiString GRPC_WEB_JSON_TYPE = AsciiString.cached("application/grpc-web+json");
  private static final String GRPC_WEB = "application/grpc-web";
  private static final String CONNECT = "application/connect+";
  /** Envelope flag of gRPC-Web's trailers. */
  static final int GRPC_WEB_TRAILERS_FLAG = 0x80;

  private final boolean json;

  Wire(boolean json) {
    this.json = json;
  }

  /** The wire of a request's content type, or null if it is none of these. */
  public static Wire of(CharSequence contentType) {
    if (GrpcHeaders.isGrpcContentType(contentType)) {
      return JsonMessages.isGrpcJson(contentType) ? GRPC_JSON : GRPC;
    }
    String connect = after(contentType, CONNECT);
    if (connect != null) {
      return switch (withoutParameters(connect)) {
        case "proto" -> connect.indexOf(';') < 0 ? CONNECT_PROTO : null;
        case "json" -> CONNECT_JSON; // a charset parameter allowed
        default -> null;
      };
    }
    String grpcWeb = after(contentType, GRPC_WEB);
    if (grpcWeb == null) {
      return null;
    }
    return switch (withoutParameters(grpcWeb)) {
      case "", "+proto" -> GRPC_WEB_PROTO;
      case "+json" -> GRPC_WEB_JSON;
      default -> null; // application/grpc-web-text (base64 bodies) among them
    };
  }

  /** What follows {@code prefix} (matched in any case) in lower case, or null if it is not there. */
  private static String after(CharSequence contentType, String prefix) {
    if (contentType == null || contentType.length() < prefix.length()
        || !AsciiString.regionMatches(contentType, true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    return contentType.toString().substring(prefix.length()).toLowerCase(Locale.ROOT);
  }

  private static String withoutParameters(String subtype) {
    int semi = subtype.indexOf(';');
    return (semi < 0 ? subtype : subtype.substring(0, semi)).trim();
  }

  /** Messages are JSON text (through the method's JsonMarshaller), not protobuf binary. */
  public boolean json() {
    return json;
  }

  public boolean isConnect() {
    return this == CONNECT_PROTO || this == CONNECT_JSON;
  }

  /** The status ends the response body (there are no HTTP trailers). */
  public boolean statusInBody() {
    return this != GRPC && this != GRPC_JSON;
  }

  /** The header naming the request messages' compression. */
  public AsciiString encodingHeader() {
    return isConnect() ? ConnectStreams.CONTENT_ENCODING : GrpcHeaders.GRPC_ENCODING;
  }

  /** The header listing the compressions the client reads. */
  public AsciiString acceptEncodingHeader() {
    return isConnect() ? ConnectStreams.ACCEPT_ENCODING : GrpcHeaders.GRPC_ACCEPT_ENCODING;
  }

  /** The content type to name when telling a client what to send instead of JSON. */
  public String binaryContentType() {
    return isConnect() ? "application/connect+proto"
        : this == GRPC_WEB_JSON ? "application/grpc-web+proto" : "application/grpc";
  }

  /** The response headers: 200, the content type, and the compression in use. */
  public Http2Headers responseHeaders(boolean gzip) {
    switch (this) {
      case CONNECT_PROTO, CONNECT_JSON -> {
        return ConnectStreams.responseHeaders(json, gzip);
      }
      default -> {
        Http2Headers h = GrpcHeaders.responseHeaders();
        if (this != GRPC) {
          h.set(GrpcHeaders.CONTENT_TYPE, this == GRPC_JSON ? GRPC_JSON_TYPE
              : this == GRPC_WEB_JSON ? GRPC_WEB_JSON_TYPE : GRPC_WEB_PROTO_TYPE);
        }
        if (gzip) {
          h.set(GrpcHeaders.GRPC_ENCODING, GrpcHeaders.GZIP);
        }
        return h;
      }
    }
  }

  /** For a wire with {@link #statusInBody()}: the last envelope, carrying status and trailers. */
  public ByteBuf endOfStream(ByteBufAllocator alloc, Status status, Metadata trailers) {
    if (isConnect()) {
      return ConnectStreams.endOfStream(alloc, status, trailers);
    }
    // gRPC-Web: "grpc-status: 0\r\ngrpc-message: ...\r\nkey: value\r\n", keys in lower case.
    StringBuilder block = new StringBuilder(64)
        .append("grpc-status: ").append(status.code().value()).append("\r\n");
    if (status.description() != null) {
      block.append("grpc-message: ").append(GrpcMessageEncoding.encode(status.description())).append("\r\n");
    }
    if (trailers != null) {
      for (Metadata.Entry e : trailers) {
        String k = e.key();
        if (GrpcHeaders.isSendable(k)) {
          block.append(k.toLowerCase(Locale.ROOT)).append(": ").append(e.textValue()).append("\r\n");
        }
      }
    }
    byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
    return alloc.buffer(5 + bytes.length)
        .writeByte(GRPC_WEB_TRAILERS_FLAG)
        .writeInt(bytes.length)
        .writeBytes(bytes);
  }
}
