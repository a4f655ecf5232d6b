package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.triple.JsonMarshaller;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The message encodings of Triple's plain-HTTP unary calls (the Triple spec's "HTTP RPC"
 * sub-protocol): the request body is one bare message, no gRPC 5-byte prefix, and so is the
 * response. {@code application/proto} is the protobuf binary form, {@code application/json}
 * the JSON form ({@link JsonMarshaller}).
 *
 * <p>Also the enveloped forms as served over HTTP/1.1: Connect's streaming calls (server-streaming
 * only) and gRPC-Web's (unary and server-streaming), each message in a 5-byte envelope and the
 * status in a last one ({@link Wire}). Over HTTP/2 those are served as gRPC calls are, by
 * {@code ServerStream}; except gRPC-Web's text form ({@code application/grpc-web-text}: the same
 * bytes in base64, what the official grpc-web client sends by default), served here over both:
 * its request, one message, is decoded whole, and each piece of the answer is base64 of its own.
 */
public enum PlainHttpCodec {
  PROTO("application/proto", null),
  JSON("application/json", null),
  CONNECT_PROTO("application/connect+proto", Wire.CONNECT_PROTO),
  CONNECT_JSON("application/connect+json", Wire.CONNECT_JSON),
  GRPC_WEB_PROTO("application/grpc-web+proto", Wire.GRPC_WEB_PROTO),
  GRPC_WEB_JSON("application/grpc-web+json", Wire.GRPC_WEB_JSON),
  GRPC_WEB_TEXT("application/grpc-web-text", Wire.GRPC_WEB_PROTO); // base64 of gRPC-Web's bytes

  public final String contentType;
  /** For the enveloped forms: the protocol whose envelopes and end of stream they use. */
  private final Wire wire;
  /** Messages in envelopes, the status in a last one (Connect streams, gRPC-Web). */
  public final boolean enveloped;

  PlainHttpCodec(String contentType, Wire wire) {
    this.contentType = contentType;
    this.wire = wire;
    this.enveloped = wire != null;
  }

  /** The codec a request's content-type names (parameters such as charset ignored), or null. */
  public static PlainHttpCodec forContentType(CharSequence contentType) {
    if (contentType == null) {
      return null;
    }
    Wire wire = Wire.of(contentType);
    if (wire != null) {
      for (PlainHttpCodec c : values()) {
        if (c.wire == wire && c != GRPC_WEB_TEXT) {
          return c;
        }
      }
      return null; // gRPC itself needs HTTP/2
    }
    String ct = contentType.toString();
    int semicolon = ct.indexOf(';');
    if (semicolon >= 0) {
      ct = ct.substring(0, semicolon);
    }
    ct = ct.trim().toLowerCase(Locale.ROOT);
    if (ct.equals("application/grpc-web-text+proto")) {
      return GRPC_WEB_TEXT;
    }
    for (PlainHttpCodec c : values()) {
      if (c.contentType.equals(ct)) {
        return c;
      }
    }
    return null;
  }

  /** Whether {@code method}'s messages can travel in this encoding. */
  public boolean supports(MethodDescriptor<?, ?> method) {
    return this == PROTO || this == CONNECT_PROTO || this == GRPC_WEB_PROTO || this == GRPC_WEB_TEXT
        || (method.requestMarshaller() instanceof JsonMarshaller
            && method.responseMarshaller() instanceof JsonMarshaller);
  }

  /** Parses a whole request body (not released here). */
  @SuppressWarnings("unchecked") // supports(method) was checked when the call was routed
  public <T> T parse(Marshaller<T> marshaller, ByteBuf body) throws IOException {
    if (this == GRPC_WEB_TEXT) {
      body = io.netty.buffer.Unpooled.wrappedBuffer(base64Decode(body));
    }
    if (enveloped) {
      body = unwrap(body);
      if (this == CONNECT_JSON || this == GRPC_WEB_JSON) {
        return ((JsonMarshaller<T>) marshaller).parseJson(body.toString(StandardCharsets.UTF_8));
      }
    }
    if (this != JSON) {
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

  public boolean isGrpcWeb() {
    return wire == Wire.GRPC_WEB_PROTO || wire == Wire.GRPC_WEB_JSON;
  }

  /** A gRPC-Web text body: base64, possibly several padded pieces one after another. */
  private static byte[] base64Decode(ByteBuf body) throws IOException {
    String text = body.toString(StandardCharsets.US_ASCII).replaceAll("\\s", "");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() * 3 / 4);
    try {
      // A piece ends at its padding; decode piece by piece.
      int start = 0;
      while (start < text.length()) {
        int end = start;
        while (end < text.length() && text.charAt(end) != '=') {
          end++;
        }
        while (end < text.length() && text.charAt(end) == '=') {
          end++;
        }
        out.writeBytes(java.util.Base64.getDecoder().decode(text.substring(start, end)));
        start = end;
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("the application/grpc-web-text body is not base64: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /** For the text form: {@code piece} (released) in base64; else {@code piece} itself. */
  ByteBuf textIfNeeded(ByteBuf piece, ByteBufAllocator alloc) {
    if (this != GRPC_WEB_TEXT) {
      return piece;
    }
    byte[] text = java.util.Base64.getEncoder().encode(ByteBufUtil.getBytes(piece));
    piece.release();
    return alloc.buffer(text.length).writeBytes(text);
  }

  /** For an enveloped codec: the last envelope, with the call's status and trailers. */
  public ByteBuf endOfStream(ByteBufAllocator alloc, io.triple.Status status, io.triple.Metadata trailers) {
    if (wire == null) {
      throw new IllegalStateException(this + " has no end-of-stream message");
    }
    return textIfNeeded(wire.endOfStream(alloc, status, trailers), alloc);
  }

  /**
   * The one message of an enveloped (Connect or gRPC-Web) request body (a slice of it): exactly one
   * uncompressed envelope.
   */
  private static ByteBuf unwrap(ByteBuf body) throws IOException {
    if (body.readableBytes() < 5) {
      throw new IOException("expected one message in a 5-byte envelope, got " + body.readableBytes() + " bytes");
    }
    int flags = body.getUnsignedByte(body.readerIndex());
    long length = body.getUnsignedInt(body.readerIndex() + 1);
    if (flags != 0) {
      throw new IOException("envelope flags " + flags + " (compressed or end-of-stream requests are not"
          + " accepted over HTTP/1.1; send the message uncompressed)");
    }
    if (length != body.readableBytes() - 5) {
      throw new IOException("envelope declares " + length + " bytes, the body has "
          + (body.readableBytes() - 5) + " after it (one message expected)");
    }
    return body.slice(body.readerIndex() + 5, (int) length);
  }

  /** Encodes a response message into a new buffer (in an envelope for Connect's streams). */
  public <T> ByteBuf encode(Marshaller<T> marshaller, T message, ByteBufAllocator alloc) throws IOException {
    if (!enveloped) {
      return encodeBare(marshaller, message, alloc);
    }
    ByteBuf bare = encodeBare(marshaller, message, alloc);
    ByteBuf out = alloc.buffer(5 + bare.readableBytes());
    out.writeByte(0).writeInt(bare.readableBytes()).writeBytes(bare);
    bare.release();
    return textIfNeeded(out, alloc);
  }

  @SuppressWarnings("unchecked") // as parse
  private <T> ByteBuf encodeBare(Marshaller<T> marshaller, T message, ByteBufAllocator alloc) throws IOException {
    if (this == JSON || this == CONNECT_JSON || this == GRPC_WEB_JSON) {
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
