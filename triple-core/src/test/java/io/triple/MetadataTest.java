package io.triple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {
  @Test
  void multiValuedKeysKeepOrderAndLastWinsForGet() {
    Metadata md = new Metadata().add("X-Tag", "a").add("x-tag", "b");
    assertEquals(List.of("a", "b"), md.getAll("x-tag"));
    assertEquals("b", md.get("X-TAG"));
  }

  @Test
  void binaryValuesDecodePaddedOrNot() {
    Metadata md = new Metadata();
    assertTrue(md.addFromWire("x-bin", "AQID"));      // 3 bytes, no padding needed
    assertTrue(md.addFromWire("x-bin", "AQI="));      // padded
    assertTrue(md.addFromWire("x-bin", "AQI"));       // same, unpadded
    List<byte[]> all = md.getAllBinary("x-bin");
    assertArrayEquals(new byte[] {1, 2, 3}, all.get(0));
    assertArrayEquals(new byte[] {1, 2}, all.get(1));
    assertArrayEquals(new byte[] {1, 2}, all.get(2));
  }

  @Test
  void commaJoinedBinaryValuesAreSeparateEntries() {
    Metadata md = new Metadata();
    assertTrue(md.addFromWire("x-bin", "AQ==,Ag"));
    List<byte[]> all = md.getAllBinary("x-bin");
    assertEquals(2, all.size());
    assertArrayEquals(new byte[] {1}, all.get(0));
    assertArrayEquals(new byte[] {2}, all.get(1));
  }

  @Test
  void undecodableBinaryIsRejectedNotStored() {
    Metadata md = new Metadata();
    assertFalse(md.addFromWire("x-bin", "!!not base64!!"));
    assertTrue(md.isEmpty());
  }

  @Test
  void keysAndValuesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new Metadata().add("bad key", "v"));
    assertThrows(IllegalArgumentException.class, () -> new Metadata().add("x-bin", "v"));
    assertThrows(IllegalArgumentException.class, () -> new Metadata().addBinary("x-text", new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> new Metadata().add("x", "line\nbreak"));
  }

  @Test
  void keysGivenWithCapitalsKeepTheirSpellingBesideTheLowerCaseKey() {
    Metadata md = new Metadata().add("userId", "u1").add("plain", "p");
    assertEquals("u1", md.get("userid"));
    assertEquals("u1", md.get("userId"));
    assertEquals(java.util.Set.of("userid", "plain"), md.keys());
    assertEquals("userId", md.originalKey("USERID"));
    assertEquals("plain", md.originalKey("plain"));
    Metadata copy = md.copy();
    assertEquals("userId", copy.originalKey("userid"));
    assertEquals("userId", new Metadata().merge(md).originalKey("userid"));
    assertEquals(new Metadata().add("userid", "u1").add("plain", "p"), md); // spelling not in equals
    md.remove("userid");
    assertEquals("userid", md.originalKey("userid"));
    md.rememberOriginalKey("servedBy");
    md.rememberOriginalKey("bad key"); // ignored
    assertEquals("servedBy", md.originalKey("servedby"));
  }
}
