package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Metadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a user's metadata any transport sends. */
class ReservedHeadersTest {
  @Test
  void theTransportsOwnHeadersAreNotSendable() {
    for (String k : new String[] {"content-type", "te", "user-agent", "grpc-status", "grpc-message",
        "grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "connect-protocol-version",
        "connect-timeout-ms", "connect-content-encoding", "connect-accept-encoding", "tri-header-convert",
        "connection", "host", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"}) {
      assertTrue(ReservedHeaders.isReserved(k), k);
      assertFalse(ReservedHeaders.isSendable(k), k);
    }
    assertFalse(ReservedHeaders.isSendable(":authority"), "pseudo-headers are HTTP/2's");
  }

  @Test
  void userKeysAndDubbosRoutingHeadersAreSendable() {
    // Of Dubbo's tri-* headers only tri-header-convert is the transport's; the rest pass as metadata.
    for (String k : new String[] {"x-user", "authorization", "trace-bin", "tri-service-version",
        "tri-service-group", "grpc-trace-bin"}) {
      assertFalse(ReservedHeaders.isReserved(k), k);
      assertTrue(ReservedHeaders.isSendable(k), k);
    }
  }

  @Test
  void spellingsTravelForSentKeysOnly() {
    Metadata md = new Metadata().add("userId", "u").add("plain", "p").add("Content-Type", "text/plain")
        .add("Gone", "g");
    md.remove("gone");
    assertEquals(Map.of("userid", "userId"), ReservedHeaders.sentSpellings(md));
    assertEquals(Map.of(), ReservedHeaders.sentSpellings(new Metadata().add("plain", "p")));
  }
}
