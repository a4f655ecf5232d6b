package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triple.Metadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** google.rpc.Status details read from the wire bytes, and garbage read as no details. */
class StatusDetailsTest {
  /** google.rpc.Status{code: 3, message: "m", details: [Any{type_url, value}]} by hand. */
  private static byte[] status(String typeUrl, byte[] value) {
    ByteArrayOutputStream any = new ByteArrayOutputStream();
    byte[] url = typeUrl.getBytes(StandardCharsets.UTF_8);
    any.write(0x0a);
    any.write(url.length);
    any.writeBytes(url);
    any.write(0x12);
    any.write(value.length);
    any.writeBytes(value);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.write(0x08); // code = 3
    s.write(3);
    s.write(0x12); // message = "m"
    s.write(1);
    s.write('m');
    s.write(0x1a); // details
    s.write(any.size());
    s.writeBytes(any.toByteArray());
    return s.toByteArray();
  }

  private static List<StatusDetails.Detail> of(byte[] bytes) {
    Metadata trailers = new Metadata();
    trailers.addBinary(StatusDetails.TRAILER, bytes);
    return StatusDetails.of(trailers);
  }

  @Test
  void readsTypeAndValue() {
    List<StatusDetails.Detail> details = of(status("type.googleapis.com/google.rpc.BadRequest", new byte[] {1, 2, 3}));
    assertEquals(1, details.size());
    assertEquals("google.rpc.BadRequest", details.get(0).type());
    assertArrayEquals(new byte[] {1, 2, 3}, details.get(0).value());
    StringBuilder json = new StringBuilder();
    StatusDetails.appendJson(json, details);
    assertEquals(",\"details\":[{\"type\":\"google.rpc.BadRequest\",\"value\":\"AQID\"}]", json.toString());
  }

  @Test
  void garbageIsNoDetails() {
    byte[] good = status("type.googleapis.com/a.B", new byte[] {9});
    for (int n = 1; n < good.length; n++) {
      // Truncated anywhere: the details field, last, is cut or missing.
      assertEquals(List.of(), of(Arrays.copyOf(good, n)), "truncated at " + n);
    }
    assertEquals(List.of(), of(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    assertEquals(List.of(), of(new byte[] {0x1a, 0x7f})); // a length past the end
    assertEquals(List.of(), StatusDetails.of(new Metadata()));
    assertEquals(List.of(), StatusDetails.of(null));
  }
}
