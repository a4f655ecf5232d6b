package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.triple.JsonMarshaller;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.internal.GrpcMessageEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The protocols a request can speak on our one port, told apart by its content type. All but
 * Triple's plain HTTP frame messages in the same 5-byte envelopes; they differ in the names of
 * a few headers and in where the status goes:
 *
 * <ul>
 *   <li>gRPC ({@code application/grpc}, {@code +proto}, {@code +json}): HTTP/2 trailers;
 *   <li>Connect's streams ({@code application/connect+proto}, {@code +json}; Dubbo-js's and
 *       Dubbo-go's Triple clients): a last envelope of JSON, see {@link ConnectStreams};
 *   <li>gRPC-Web ({@code application/grpc-web}, {@code +proto}, {@code +json}; browsers, through no
 *       proxy): a last envelope flagged {@code 0x80} holding the trailers as an HTTP/1 header block,
 *       since browsers cannot read HTTP trailers; and its text form ({@code
 *       application/grpc-web-text}: the same bytes in base64, what the official grpc-web client
 *       sends by default), whose request is decoded as it comes ({@link GrpcWebTextDecoder}) and
 *       each piece of the answer is base64 of its own;
 *   <li>Triple's plain HTTP (the Triple spec's "HTTP RPC" sub-protocol, {@code application/proto}
 *       and {@code application/json}): the request body is one bare message, no 5-byte prefix,
 *       and so is the response ({@link JsonMarshaller} for JSON).
 * </ul>
 *
 * <p>Two ways of serving them, each with its own lookup: {@link #framed} names the enveloped
 * dialects, served message by message by one call on both HTTP versions (gRPC itself on HTTP/2
 * only); {@link #plain} the bare bodies of Triple's plain HTTP, served as whole-body exchanges.
 */
public enum Dialect {
  GRPC(Kind.GRPC, false, "application/grpc"),
  GRPC_JSON(Kind.GRPC, true, "application/grpc+json"),
  CONNECT_PROTO(Kind.CONNECT, false, "application/connect+proto"),
  CONNECT_JSON(Kind.CONNECT, true, "application/connect+json"),
  GRPC_WEB_PROTO(Kind.GRPC_WEB, false, "application/grpc-web+proto"),
  GRPC_WEB_JSON(Kind.GRPC_WEB, true, "application/grpc-web+json"),
  /** gRPC-Web's binary bytes in base64. */
  GRPC_WEB_TEXT(Kind.GRPC_WEB, false, "application/grpc-web-text"),
  /** Triple's plain HTTP, a bare protobuf body. */
  HTTP_PROTO(Kind.HTTP, false, "application/proto"),
  /** Triple's plain HTTP, a bare JSON body. */
  HTTP_JSON(Kind.HTTP, true, "application/json");

  private enum Kind { GRPC, CONNECT, GRPC_WEB, HTTP }

  private static final AsciiString GRPC_JSON_TYPE = AsciiString.cached("application/grpc+json");
  private static final AsciiString GRPC_WEB_PROTO_TYPE = AsciiString.cached("application/grpc-web+proto");
  private static final AsciiString GRPC_WEB_JSON_TYPE = AsciiString.cached("application/grpc-web+json");
  private static final AsciiString GRPC_WEB_TEXT_TYPE = AsciiString.cached("application/grpc-web-text");
  private static final String GRPC_WEB = "application/grpc-web";
  private static final String CONNECT = "application/connect+";
  /** Envelope flag of gRPC-Web's trailers. */
  static final int GRPC_WEB_TRAILERS_FLAG = 0x80;

  private final Kind kind;
  private final boolean json;
  /** The content type of answers (and of requests, give or take parameters and spellings). */
  public final String contentType;
  /** Messages in 5-byte envelopes (all but plain HTTP). */
  public final boolean enveloped;

  Dialect(Kind kind, boolean json, String contentType) {
    this.kind = kind;
    this.json = json;
    this.contentType = contentType;
    this.enveloped = kind != Kind.HTTP;
  }

  /**
   * The enveloped dialect a content type names (gRPC, Connect's streams, gRPC-Web binary or
   * text; parameters such as a charset ignored), or null.
   */
  public static Dialect framed(CharSequence contentType) {
    if (GrpcHeaders.isGrpcContentType(contentType)) {
      return JsonMessages.isGrpcJson(contentType) ? GRPC_JSON : GRPC;
    }
    String connect = after(contentType, CONNECT);
    if (connect != null) {
      return switch (withoutParameters(connect)) {
        case "proto" -> CONNECT_PROTO;
        case "json" -> CONNECT_JSON;
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
      case "-text", "-text+proto" -> GRPC_WEB_TEXT;
      default -> null;
    };
  }

  /**
   * The plain dialect (a bare body: {@link #HTTP_JSON} or {@link #HTTP_PROTO}) a content type
   * names, parameters such as a charset ignored; or null.
   */
  public static Dialect plain(CharSequence contentType) {
    if (contentType == null) {
      return null;
    }
    String ct = withoutParameters(contentType.toString().toLowerCase(Locale.ROOT));
    return ct.equals(HTTP_JSON.contentType) ? HTTP_JSON : ct.equals(HTTP_PROTO.contentType) ? HTTP_PROTO : null;
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
    return kind == Kind.CONNECT;
  }

  /** gRPC-Web, binary or text. */
  public boolean isGrpcWeb() {
    return kind == Kind.GRPC_WEB;
  }

  /** The status ends the response body, in a last envelope (there are no HTTP trailers). */
  public boolean statusInBody() {
    return kind == Kind.CONNECT || kind == Kind.GRPC_WEB;
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

  /** For a {@link #framed} dialect: the response headers (200, content type, compression in use). */
  public Http2Headers responseHeaders(boolean gzip) {
    if (isConnect()) {
      return ConnectStreams.responseHeaders(json, gzip);
    }
    Http2Headers h = GrpcHeaders.responseHeaders();
    if (this != GRPC) {
      h.set(GrpcHeaders.CONTENT_TYPE, this == GRPC_JSON ? GRPC_JSON_TYPE
          : this == GRPC_WEB_JSON ? GRPC_WEB_JSON_TYPE : this == GRPC_WEB_TEXT ? GRPC_WEB_TEXT_TYPE : GRPC_WEB_PROTO_TYPE);
    }
    if (gzip) {
      h.set(GrpcHeaders.GRPC_ENCODING, GrpcHeaders.GZIP);
    }
    return h;
  }

  /**
   * For a dialect with {@link #statusInBody()}: the last envelope, carrying status and trailers
   * (in base64 for the text form).
   */
  public ByteBuf endOfStream(ByteBufAllocator alloc, Status status, Metadata trailers) {
    if (isConnect()) {
      return ConnectStreams.endOfStream(alloc, status, trailers);
    }
    if (!isGrpcWeb()) {
      throw new IllegalStateException(this + " has no end-of-stream message");
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
    return textIfNeeded(alloc.buffer(5 + bytes.length)
        .writeByte(GRPC_WEB_TRAILERS_FLAG)
        .writeInt(bytes.length)
        .writeBytes(bytes), alloc);
  }

  // ---- whole-body exchanges (the plain dialects), and the text form's answers ------------------

  /** Whether {@code method}'s messages can travel in this dialect. */
  public boolean supports(MethodDescriptor<?, ?> method) {
    return !json
        || (method.requestMarshaller() instanceof JsonMarshaller
            && method.responseMarshaller() instanceof JsonMarshaller);
  }

  /** Parses a whole bare request body (not released here): {@link #HTTP_JSON} or {@link #HTTP_PROTO}. */
  @SuppressWarnings("unchecked") // supports(method) was checked when the call was routed
  public <T> T parse(Marshaller<T> marshaller, ByteBuf body) throws IOException {
    if (this != HTTP_JSON) {
      return marshaller.parseOwned(ByteBufUtil.getBytes(body));
    }
    String json = body.toString(StandardCharsets.UTF_8).strip();
    if (((JsonMarshaller<T>) marshaller).parsesArgumentArray()) {
      return ((JsonMarshaller<T>) marshaller).parseJson(json); // an interface method's arguments
    }
    // The Triple spec sends a method's arguments as a JSON array; a protobuf method has one.
    // A bare object (what Dubbo's and Connect's curl examples send) is taken as it is.
    if (json.startsWith("[") && json.endsWith("]")) {
      json = json.substring(1, json.length() - 1);
    }
    return ((JsonMarshaller<T>) marshaller).parseJson(json);
  }

  /** For the text form: {@code piece} (released) in base64; else {@code piece} itself. */
  public ByteBuf textIfNeeded(ByteBuf piece, ByteBufAllocator alloc) {
    if (this != GRPC_WEB_TEXT) {
      return piece;
    }
    byte[] text = Base64.getEncoder().encode(ByteBufUtil.getBytes(piece));
    piece.release();
    return alloc.buffer(text.length).writeBytes(text);
  }

  /** Encodes a bare response message into a new buffer. */
  @SuppressWarnings("unchecked") // as parse
  public <T> ByteBuf encode(Marshaller<T> marshaller, T message, ByteBufAllocator alloc) throws IOException {
    if (json) {
      byte[] json = ((JsonMarshaller<T>) marshaller).toJson(message).getBytes(StandardCharsets.UTF_8);
      return alloc.buffer(json.length).writeBytes(json);
    }
    int size = marshaller.serializedSize(message);
    ByteBuf out = size >= 0 ? alloc.buffer(size) : alloc.buffer();
    try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
      marshaller.serialize(message, stream);
    } catch (IOException | RuntimeException e) {
      out.release();
      throw e;
    }
    return out;
  }
}
