package io.triple.serialization.fastjson2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.triple.pojo.spi.ClassGuard;
import io.triple.serialization.fastjson2.Fixtures.BizException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Byte compatibility with Apache Dubbo 3.3.6 without Dubbo on the class path: the bytes Dubbo
 * wrote for {@link GoldenValues}, recorded in {@code dubbo-3.3.6-fastjson2.txt} (which says how), against
 * ours, both ways.
 */
class DubboBytesTest {
  private static final ClassGuard PERMISSIVE = ClassGuard.permissive(DubboBytesTest.class.getClassLoader());
  private final Fastjson2Serialization serialization = new Fastjson2Serialization();

  private static Map<String, byte[]> dubbos() throws IOException {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        DubboBytesTest.class.getResourceAsStream("/dubbo-3.3.6-fastjson2.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] nameHex = line.split(" ");
          bytes.put(nameHex[0], HexFormat.of().parseHex(nameHex[1]));
        }
      }
    }
    return bytes;
  }

  @Test
  void everyValueHasDubbosBytes() throws IOException {
    assertEquals(List.copyOf(GoldenValues.values().keySet()), List.copyOf(dubbos().keySet()));
  }

  @Test
  void weWriteWhatDubboWrites() throws IOException {
    Map<String, byte[]> dubbos = dubbos();
    for (Map.Entry<String, Object> value : GoldenValues.values().entrySet()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Object v = value.getValue();
      serialization.write(v, v == null ? Object.class : v.getClass(), out);
      assertEquals(HexFormat.of().formatHex(dubbos.get(value.getKey())), HexFormat.of().formatHex(out.toByteArray()),
          value.getKey());
    }
  }

  @Test
  void weReadWhatDubboWrites() throws IOException {
    Map<String, byte[]> dubbos = dubbos();
    for (Map.Entry<String, Object> value : GoldenValues.values().entrySet()) {
      Object sent = value.getValue();
      Class<?> declared = sent == null ? Object.class
          : sent instanceof Exception ? Exception.class // as Dubbo reads exception replies
          : sent instanceof List ? List.class
          : sent.getClass();
      Object read = serialization.read(new ByteArrayInputStream(dubbos.get(value.getKey())), declared, declared, PERMISSIVE);
      if (sent instanceof int[] ints) {
        assertArrayEquals(ints, (int[]) read);
      } else if (sent instanceof BizException e) {
        BizException got = assertInstanceOf(BizException.class, read);
        assertEquals(List.of(e.getMessage(), e.code, e.amount, e.getStackTrace()[0].getLineNumber()),
            List.of(got.getMessage(), got.code, got.amount, got.getStackTrace()[0].getLineNumber()));
      } else {
        assertEquals(sent, read, value.getKey());
      }
    }
  }
}
