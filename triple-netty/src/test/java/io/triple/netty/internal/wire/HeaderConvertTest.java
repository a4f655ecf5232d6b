package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Metadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderConvertTest {
  @Test
  void sendsDubbosHeaderForKeysWithCapitals() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addMetadata(h, new Metadata().add("userId", "u1").add("plain", "p")
        .addBinary("blobData-bin", new byte[] {1}));
    assertEquals("u1", h.get("userid").toString());
    // What Dubbo 3.3.6 writes (TriRpcStatus.encodeMessage of its JSON) for the same keys.
    assertEquals("%7B%22userid%22%3A%22userId%22%2C%22blobdata%22%3A%22blobData%22%7D",
        h.get(HeaderConvert.NAME).toString());
  }

  @Test
  void noHeaderWhenAllKeysAreLowerCase() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addMetadata(h, new Metadata().add("x-echo", "v"));
    assertNull(h.get(HeaderConvert.NAME));
  }

  @Test
  void trailersOnlyBlockMergesBothMaps() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addMetadata(h, new Metadata().add("traceId", "t"));
    GrpcHeaders.addMetadata(h, new Metadata().add("servedBy", "s"));
    Metadata md = GrpcHeaders.toMetadata(h);
    assertEquals("traceId", md.originalKey("traceid"));
    assertEquals("servedBy", md.originalKey("servedby"));
  }

  @Test
  void receivedHeaderRestoresSpellingAndIsNotMetadata() {
    Http2Headers h = new DefaultHttp2Headers(false).add("servedby", "dubbo").add("data-bin", "AQ")
        .add(HeaderConvert.NAME, "%7B%22servedby%22%3A%22servedBy%22%2C%22data%22%3A%22Data%22%7D");
    Metadata md = GrpcHeaders.toMetadata(h);
    assertFalse(md.containsKey(HeaderConvert.NAME));
    assertEquals("dubbo", md.get("servedBy"));
    assertEquals("servedBy", md.originalKey("servedby"));
    assertEquals("Data-bin", md.originalKey("data-bin"));
    assertEquals("x-other", md.originalKey("X-Other"));
  }

  @Test
  void userCannotSendItsOwnConvertHeader() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addMetadata(h, new Metadata().add(HeaderConvert.NAME, "junk"));
    assertNull(h.get(HeaderConvert.NAME));
  }

  @Test
  void malformedValueIsIgnored() {
    Http2Headers h = new DefaultHttp2Headers(false).add("a", "1").add(HeaderConvert.NAME, "%7Bnope");
    assertEquals("1", GrpcHeaders.toMetadata(h).get("a"));
    assertEquals(Map.of("a", "b c"), HeaderConvert.parse(" { \"a\" : \"b\\u0020c\" } "));
    assertNull(HeaderConvert.parse("{\"a\":1}"));
  }
}
