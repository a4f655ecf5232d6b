package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

/** Which dialect a request's content type names, in every spelling clients send. */
class WireSelectionTest {
  @Test
  void contentTypes() {
    assertEquals(Dialect.GRPC, Dialect.framed("application/grpc"));
    assertEquals(Dialect.GRPC, Dialect.framed(AsciiString.of("application/grpc+proto")));
    assertEquals(Dialect.GRPC, Dialect.framed("Application/GRPC; charset=utf-8"));
    assertEquals(Dialect.GRPC_JSON, Dialect.framed("application/grpc+json"));
    assertEquals(Dialect.CONNECT_PROTO, Dialect.framed("application/connect+proto"));
    assertEquals(Dialect.CONNECT_JSON, Dialect.framed("application/connect+json; charset=utf-8"));
    assertEquals(Dialect.GRPC_WEB_PROTO, Dialect.framed("application/grpc-web"));
    assertEquals(Dialect.GRPC_WEB_PROTO, Dialect.framed("application/grpc-web+proto"));
    assertEquals(Dialect.GRPC_WEB_JSON, Dialect.framed("APPLICATION/GRPC-WEB+JSON"));
    // The text form and parameters too: every enveloped dialect runs the framed call.
    assertEquals(Dialect.GRPC_WEB_TEXT, Dialect.framed("application/grpc-web-text"));
    assertEquals(Dialect.GRPC_WEB_TEXT, Dialect.framed("application/grpc-web-text+proto"));
    assertEquals(Dialect.CONNECT_PROTO, Dialect.framed("application/connect+proto; charset=utf-8"));
    for (String other : new String[] {"application/grpc-web-text+json",
        "application/grpcx", "application/grp", "application/json", "application/proto",
        "application/connect+xml", "text/plain", ""}) {
      assertNull(Dialect.framed(other), other);
    }
    assertNull(Dialect.framed(null));
  }

  @Test
  void plainExchangesAreBareBodiesOnly() {
    assertEquals(Dialect.HTTP_JSON, Dialect.plain("application/json; charset=utf-8"));
    assertEquals(Dialect.HTTP_PROTO, Dialect.plain("Application/Proto"));
    for (String other : new String[] {"application/grpc", "application/grpc+json", "application/grpc-web-text",
        "application/connect+json", "application/grpc-web", "text/plain", ""}) {
      assertNull(Dialect.plain(other), other + ": enveloped, or nothing we serve");
    }
    assertNull(Dialect.plain(null));
  }

  @Test
  void statusGoesInTheBodyForConnectAndGrpcWeb() {
    for (Dialect d : Dialect.values()) {
      assertEquals(d.isConnect() || d.isGrpcWeb(), d.statusInBody(), d.name());
      assertEquals(d != Dialect.HTTP_PROTO && d != Dialect.HTTP_JSON, d.enveloped, d.name());
    }
    assertEquals(false, Dialect.GRPC.statusInBody());
    assertEquals(true, Dialect.GRPC_WEB_TEXT.statusInBody());
  }
}
