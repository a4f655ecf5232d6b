package io.triple.netty.internal;

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
 */
enum PlainHttpCodec {
  PROTO("application/proto"),
  JSON("application/json");

  final String contentType;

  PlainHttpCodec(String contentType) {
    this.contentType = contentType;
  }

  /** The codec a request's content-type names (parameters such as charset ignored), or null. */
  static PlainHttpCodec forContentType(CharSequence contentType) {
    if (contentType == null) {
      return null;
    }
    String ct = contentType.toString();
    int semicolon = ct.indexOf(';');
    if (semicolon >= 0) {
      ct = ct.substring(0, semicolon);
    }
    ct = ct.trim().toLowerCase(Locale.ROOT);
    for (PlainHttpCodec c : values()) {
      if (c.contentType.equals(ct)) {
        return c;
      }
    }
    return null;
  }

  /** Whether {@code method}'s messages can travel in this encoding. */
  boolean supports(MethodDescriptor<?, ?> method) {
    return this == PROTO
        || (method.requestMarshaller() instanceof JsonMarshaller
            && method.responseMarshaller() instanceof JsonMarshaller);
  }

  /** Parses a whole request body (not released here). */
  @SuppressWarnings("unchecked") // supports(method) was checked when the call was routed
  <T> T parse(Marshaller<T> marshaller, ByteBuf body) throws IOException {
    if (this == PROTO) {
      return marshaller.parseOwned(ByteBufUtil.getBytes(body));
    }
    String json = body.toString(StandardCharsets.UTF_8).strip();
    // The Triple spec sends a method's arguments as a JSON array; a protobuf method has one.
    // A bare object (what Dubbo's and Connect's curl examples send) is taken as it is.
    if (json.startsWith("[") && json.endsWith("]")) {
      json = json.substring(1, json.length() - 1);
    }
    return ((JsonMarshaller<T>) marshaller).parseJson(json);
  }

  /** Encodes a response message into a new buffer. */
  @SuppressWarnings("unchecked") // as parse
  <T> ByteBuf encode(Marshaller<T> marshaller, T message, ByteBufAllocator alloc) throws IOException {
    if (this == JSON) {
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
