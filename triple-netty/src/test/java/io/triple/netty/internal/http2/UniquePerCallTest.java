package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** traceparent goes out as an HPACK "never indexed" literal; other headers are indexed as before. */
class UniquePerCallTest {

  private static int firstByte(Http2Headers headers) throws Exception {
    DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(UniquePerCall.DETECTOR);
    ByteBuf out = Unpooled.buffer();
    try {
      encoder.encodeHeaders(3, headers, out);
      // and it decodes to what was sent
      assertEquals(headers, new DefaultHttp2HeadersDecoder(true).decodeHeaders(3, out.copy()));
      return out.getUnsignedByte(0);
    } finally {
      out.release();
    }
  }

  @Test
  void traceparentIsNeverIndexed() throws Exception {
    String value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    // RFC 7541 6.2.3: 0001xxxx, a literal never indexed; name not in the static table: index 0
    assertEquals(0x10, firstByte(new DefaultHttp2Headers().add("traceparent", value)));
    // 6.2.1: 01xxxxxx, a literal with incremental indexing (into the dynamic table)
    assertEquals(0x40, firstByte(new DefaultHttp2Headers().add("x-user", "alice")));
    assertEquals(0x40, firstByte(new DefaultHttp2Headers().add("tracestate", "a=b")));
  }
}
