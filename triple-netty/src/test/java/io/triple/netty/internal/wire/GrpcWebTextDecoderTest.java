package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** gRPC-Web text bodies decoded as they come, whatever the cuts between the pieces. */
class GrpcWebTextDecoderTest {
  private final GrpcWebTextDecoder decoder = new GrpcWebTextDecoder(ByteBufAllocator.DEFAULT);

  @Test
  void paddedPiecesOneAfterAnotherCutAnywhere() throws IOException {
    // Two padded pieces, as a client that encodes each message on its own sends them.
    String text = b64("hello") + "\r\n" + b64("gRPC-Web!");
    StringBuilder got = new StringBuilder();
    long settledBefore = 0;
    for (int i = 0; i < text.length(); i += 3) {
      got.append(decode(text.substring(i, Math.min(i + 3, text.length()))));
      assertTrue(decoder.settled() >= settledBefore, "settled never goes back");
      settledBefore = decoder.settled();
    }
    assertNull(decoder.finish());
    assertEquals("hellogRPC-Web!", got.toString());
    assertEquals(text.length(), decoder.settled(), "every character settled at the end");
  }

  @Test
  void anUnpaddedLastGroupIsTakenAtTheEnd() throws IOException {
    String text = Base64.getEncoder().withoutPadding().encodeToString("ab".getBytes(StandardCharsets.US_ASCII));
    assertEquals("", decode(text));
    ByteBuf rest = decoder.finish();
    assertEquals("ab", rest.toString(StandardCharsets.US_ASCII));
    rest.release();
  }

  @Test
  void notBase64IsAnError() {
    IOException e = assertThrows(IOException.class, () -> decode("abc!"));
    assertTrue(e.getMessage().contains("body is not base64"), e.getMessage());
  }

  private String decode(String text) throws IOException {
    ByteBuf out = decoder.decode(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    try {
      return out.toString(StandardCharsets.US_ASCII);
    } finally {
      out.release();
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
