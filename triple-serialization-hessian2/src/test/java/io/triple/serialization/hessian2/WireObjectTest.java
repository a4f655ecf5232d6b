package io.triple.serialization.hessian2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.WireObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A peer's class we do not have, as a {@link WireObject}: written as an object of that class,
 * read back only where the guard lists the name, and never loaded.
 */
class WireObjectTest {
  private static final String OUTER = "org.example.peer.Outer";
  private static final String INNER = "org.example.peer.Outer$Inner";

  private final Hessian2Serialization hessian = new Hessian2Serialization();

  @Test
  void roundTripsNestedObjectsInMapsWithTheClassNamesInTheBytes() throws Exception {
    WireObject inner1 = new WireObject(INNER, fields("port", 1, "name", "a"));
    WireObject inner2 = new WireObject(INNER, fields("port", 2, "name", "b"));
    WireObject outer = new WireObject(OUTER, fields("items", new java.util.HashMap<>(Map.of("x", inner1, "y", inner2)),
        "list", List.of(inner1), "app", "demo"));
    byte[] bytes = write(outer);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(text.contains(OUTER) && text.contains(INNER), "the class names travel in the bytes");
    AllowSetGuard guard = new AllowSetGuard(Set.of()) {
      @Override
      public boolean readsAsWireObject(String className) {
        return className.equals(OUTER) || className.equals(INNER);
      }
    };
    Object back = hessian.read(new ByteArrayInputStream(bytes), Object.class, Object.class, guard);
    assertEquals(outer, back);
    assertEquals(List.of(), guard.asked, "no class was loaded");
  }

  @Test
  void aNameTheGuardDoesNotListIsRefused() throws Exception {
    byte[] bytes = write(new WireObject(OUTER, fields("app", "demo")));
    ClassRefusedException e = assertThrows(ClassRefusedException.class,
        () -> hessian.read(new ByteArrayInputStream(bytes), Object.class, Object.class, new AllowSetGuard(Set.of())));
    assertTrue(e.getMessage().contains(OUTER), e.getMessage());
  }

  private byte[] write(Object value) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    hessian.write(value, Object.class, out);
    return out.toByteArray();
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
