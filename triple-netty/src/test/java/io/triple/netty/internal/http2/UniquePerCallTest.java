package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/**
 * traceparent and grpc-timeout go out as HPACK "never indexed" literals naming the header by a
 * dynamic-table index, one in {@value UniquePerCall#INDEX_EVERY} indexed to keep the name there;
 * other headers are indexed as before. Each block is decoded by one decoder that lives as long as
 * the encoder, as the peer's does.
 */
class UniquePerCallTest {
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(new UniquePerCall());
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true);

  /** The first byte of the block {@code headers} encodes to (one header per block here), after checking it decodes back. */
  private int firstByte(Http2Headers headers) throws Exception {
    ByteBuf out = Unpooled.buffer();
    try {
      encoder.encodeHeaders(3, headers, out);
      int first = out.getUnsignedByte(0);
      assertEquals(headers, decoder.decodeHeaders(3, out));
      return first;
    } finally {
      out.release();
    }
  }

  private static Http2Headers one(String name, String value) {
    return new DefaultHttp2Headers().add(name, value);
  }

  // RFC 7541 6.2: 01xxxxxx incremental indexing (name index in 6 bits, 0 = literal name),
  // 0001xxxx never indexed (name index in 4 bits, 1111 = 15 or more).

  @Test
  void aValueNewOnEveryCallIsNeverIndexedAndNamedByTheIndexedOne() throws Exception {
    for (String name : new String[] {"traceparent", "grpc-timeout"}) {
      assertEquals(0x40, firstByte(one(name, "first")), name + ": the first one goes into the table, name spelled out");
      for (int i = 1; i < UniquePerCall.INDEX_EVERY; i++) {
        int b = firstByte(one(name, "value-" + i));
        assertEquals(0x1f, b, name + " #" + i + ": never indexed, its name an index past the static table's");
      }
      int again = firstByte(one(name, "value-again"));
      assertEquals(0x40, again & 0xc0, name + ": one in " + UniquePerCall.INDEX_EVERY + " is indexed again");
      assertTrue((again & 0x3f) != 0, name + ": ... naming the header by the entry already there");
    }
  }

  @Test
  void otherHeadersAreIndexedAsBefore() throws Exception {
    int first = firstByte(one("user-agent", "triple-java/1.0"));
    assertEquals(0x40, first & 0xc0, "incremental indexing");
    assertEquals(0x80, firstByte(one("user-agent", "triple-java/1.0")) & 0x80, "then sent as an index");
    assertEquals(0x40, firstByte(one("x-request-id", "a")) & 0xc0, "a custom header: incremental indexing");
    assertEquals(0x40, firstByte(one("tracestate", "a=1")) & 0xc0, "a header of the same length: indexed");
  }
}
