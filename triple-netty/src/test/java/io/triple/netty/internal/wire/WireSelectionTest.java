package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

/** Which protocol a request's content type names, in every spelling clients send. */
class WireSelectionTest {
  @Test
  void contentTypes() {
    assertEquals(Wire.GRPC, Wire.of("application/grpc"));
    assertEquals(Wire.GRPC, Wire.of(AsciiString.of("application/grpc+proto")));
    assertEquals(Wire.GRPC, Wire.of("Application/GRPC; charset=utf-8"));
    assertEquals(Wire.GRPC_JSON, Wire.of("application/grpc+json"));
    assertEquals(Wire.CONNECT_PROTO, Wire.of("application/connect+proto"));
    assertEquals(Wire.CONNECT_JSON, Wire.of("application/connect+json; charset=utf-8"));
    assertEquals(Wire.GRPC_WEB_PROTO, Wire.of("application/grpc-web"));
    assertEquals(Wire.GRPC_WEB_PROTO, Wire.of("application/grpc-web+proto"));
    assertEquals(Wire.GRPC_WEB_JSON, Wire.of("APPLICATION/GRPC-WEB+JSON"));
    for (String other : new String[] {"application/grpc-web-text", "application/grpc-web-text+proto",
        "application/grpcx", "application/grp", "application/json", "application/proto",
        "application/connect+xml", "text/plain", ""}) {
      assertNull(Wire.of(other), other);
    }
    assertNull(Wire.of(null));
  }

  @Test
  void statusGoesInTheBodyExceptForGrpc() {
    for (Wire w : Wire.values()) {
      assertEquals(w != Wire.GRPC && w != Wire.GRPC_JSON, w.statusInBody(), w.name());
    }
  }
}
