package io.triple.serialization.fastjson2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Serialization;
import io.triple.serialization.fastjson2.Fixtures.Address;
import io.triple.serialization.fastjson2.Fixtures.Animal;
import io.triple.serialization.fastjson2.Fixtures.BizException;
import io.triple.serialization.fastjson2.Fixtures.Box;
import io.triple.serialization.fastjson2.Fixtures.Color;
import io.triple.serialization.fastjson2.Fixtures.Dog;
import io.triple.serialization.fastjson2.Fixtures.Holder;
import io.triple.serialization.fastjson2.Fixtures.NotSerializable;
import io.triple.serialization.fastjson2.Fixtures.Person;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class Fastjson2SerializationTest {
  private static final ClassGuard PERMISSIVE = ClassGuard.permissive(Fastjson2SerializationTest.class.getClassLoader());
  private final Fastjson2Serialization serialization = new Fastjson2Serialization();

  private byte[] write(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serialization.write(value, value == null ? Object.class : value.getClass(), out);
    return out.toByteArray();
  }

  private Object read(byte[] bytes, Class<?> declared, ClassGuard guard) throws IOException {
    return serialization.read(new ByteArrayInputStream(bytes), declared, declared, guard);
  }

  private Object roundTrip(Object value, Class<?> declared) throws IOException {
    return read(write(value), declared, PERMISSIVE);
  }

  @Test
  void foundByServiceLoaderUnderDubbosName() {
    List<String> names = ServiceLoader.load(Serialization.class).stream()
        .map(p -> p.get().name()).toList();
    assertEquals(List.of("fastjson2"), names);
  }

  @Test
  void primitivesAndBoxes() throws IOException {
    assertEquals(7, roundTrip(7, int.class));
    assertEquals(-7, roundTrip(-7, Integer.class));
    assertEquals(1L << 40, roundTrip(1L << 40, long.class));
    assertEquals(3L, roundTrip(3L, Object.class)); // JSONB has a long type: stays a Long
    assertEquals((short) 3, roundTrip((short) 3, short.class));
    assertEquals((byte) -2, roundTrip((byte) -2, byte.class));
    assertEquals(1.5f, roundTrip(1.5f, float.class));
    assertEquals(2.25d, roundTrip(2.25d, double.class));
    assertEquals(true, roundTrip(true, boolean.class));
    assertEquals(false, roundTrip(false, Boolean.class));
    assertEquals('x', roundTrip('x', char.class));
    assertEquals(Integer.MIN_VALUE, roundTrip(Integer.MIN_VALUE, int.class));
    assertEquals(Long.MAX_VALUE, roundTrip(Long.MAX_VALUE, Long.class));
    assertEquals(Double.NaN, roundTrip(Double.NaN, double.class));
  }

  @Test
  void jsonbKeepsShortByteAndFloatEvenWhereObjectIsDeclared() throws IOException {
    assertEquals((short) 3, roundTrip((short) 3, Object.class));
    assertEquals((byte) -2, roundTrip((byte) -2, Object.class));
    assertEquals(1.5f, roundTrip(1.5f, Object.class));
  }

  @Test
  void stringsAndNull() throws IOException {
    assertEquals("", roundTrip("", String.class));
    assertEquals("héllo ✓ 😀 " + "x".repeat(70_000), roundTrip("héllo ✓ 😀 " + "x".repeat(70_000), String.class));
    assertNull(roundTrip(null, Object.class));
    assertNull(roundTrip(null, String.class));
    assertNull(roundTrip(null, Person.class));
  }

  @Test
  void nestedPojosWithAndWithoutNoArgConstructor() throws IOException {
    Map<String, Integer> scores = new HashMap<>(Map.of("math", 90, "art", 75));
    Person person = new Person("Ada", 36, new Address("London", 12345), new ArrayList<>(List.of("a", "b")),
        scores, Color.GREEN, new BigDecimal("1.10"));
    assertEquals(person, roundTrip(person, Person.class));
    assertEquals(person, roundTrip(person, Object.class));
    assertEquals(new Address("Paris", 75000), roundTrip(new Address("Paris", 75000), Address.class));
  }

  @Test
  void subclassArrivesWhereTheSuperclassIsDeclared() throws IOException {
    Object read = roundTrip(new Dog("Rex", "collie"), Animal.class);
    Dog dog = assertInstanceOf(Dog.class, read);
    assertEquals("Rex", dog.name);
    assertEquals("collie", dog.breed);
  }

  @Test
  void genericFields() throws IOException {
    Box<Address> box = new Box<>(new Address("Oslo", 150), new ArrayList<>(List.of(new Address("Bergen", 5003))),
        new HashMap<>(Map.of("home", new Address("Tromsø", 9008))));
    @SuppressWarnings("unchecked")
    Box<Address> read = (Box<Address>) roundTrip(box, Box.class);
    assertEquals(box.value, read.value);
    assertEquals(box.items, read.items);
    assertEquals(box.byName, read.byName);
    assertInstanceOf(Address.class, read.items.get(0));
  }

  @Test
  void collections() throws IOException {
    List<Collection<?>> lists = List.of(new ArrayList<>(List.of(1, 2, 3)), new LinkedList<>(List.of("x")),
        List.of(1, 2), List.of(1, 2, 3, 4), Arrays.asList("a", "b"), List.of());
    for (Collection<?> list : lists) {
      assertEquals(list, roundTrip(list, List.class), list.getClass().getName());
    }
    for (Set<?> set : List.of(new HashSet<>(Set.of("a", "b")), new TreeSet<>(Set.of(3, 1, 2)), Set.of("z"))) {
      assertEquals(set, roundTrip(set, Set.class), set.getClass().getName());
    }
    assertInstanceOf(TreeSet.class, roundTrip(new TreeSet<>(Set.of(1)), Set.class));
    for (Map<?, ?> map : List.of(new HashMap<>(Map.of("a", 1)), new LinkedHashMap<>(Map.of("b", List.of(2))),
        new TreeMap<>(Map.of(2, "two", 1, "one")), Map.of("k", "v"), Map.of())) {
      assertEquals(map, roundTrip(map, Map.class), map.getClass().getName());
    }
    assertInstanceOf(TreeMap.class, roundTrip(new TreeMap<>(Map.of(1, 1)), Map.class));
  }

  @Test
  void arrays() throws IOException {
    assertArrayEquals(new int[] {1, -2, 300_000}, (int[]) roundTrip(new int[] {1, -2, 300_000}, int[].class));
    assertArrayEquals(new long[] {1L, Long.MIN_VALUE}, (long[]) roundTrip(new long[] {1L, Long.MIN_VALUE}, long[].class));
    assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) roundTrip(new byte[] {0, 1, -1}, byte[].class));
    assertArrayEquals(new double[] {0.5}, (double[]) roundTrip(new double[] {0.5}, double[].class));
    assertArrayEquals(new boolean[] {true, false}, (boolean[]) roundTrip(new boolean[] {true, false}, boolean[].class));
    assertArrayEquals(new char[] {'a', 'é'}, (char[]) roundTrip(new char[] {'a', 'é'}, char[].class));
    assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(new String[] {"a", null}, String[].class));
    assertArrayEquals(new Object[] {1, "a", null}, (Object[]) roundTrip(new Object[] {1, "a", null}, Object[].class));
    Address[] addresses = {new Address("A", 1), new Address("B", 2)};
    assertArrayEquals(addresses, (Address[]) roundTrip(addresses, Address[].class));
    assertArrayEquals(addresses, (Address[]) roundTrip(addresses, Object.class));
    int[][] matrix = {{1, 2}, {3}};
    int[][] read = (int[][]) roundTrip(matrix, int[][].class);
    assertArrayEquals(matrix[0], read[0]);
    assertArrayEquals(matrix[1], read[1]);
  }

  @Test
  void enums() throws IOException {
    assertEquals(Color.RED, roundTrip(Color.RED, Color.class));
    assertEquals(Color.GREEN, roundTrip(Color.GREEN, Object.class));
  }

  @Test
  void bigNumbers() throws IOException {
    assertEquals(new BigDecimal("12345.67890"), roundTrip(new BigDecimal("12345.67890"), BigDecimal.class));
    BigInteger big = new BigInteger("-123456789012345678901234567890");
    assertEquals(big, roundTrip(big, BigInteger.class));
    assertEquals(big, roundTrip(big, Object.class));
  }

  @Test
  void timeAndDate() throws IOException {
    LocalDate date = LocalDate.of(2024, 2, 29);
    LocalDateTime dateTime = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_789);
    Instant instant = Instant.ofEpochSecond(1_700_000_000L, 42);
    Duration duration = Duration.ofSeconds(90061, 5);
    Date legacy = new Date(1_234_567_890_123L);
    assertEquals(date, roundTrip(date, LocalDate.class));
    assertEquals(dateTime, roundTrip(dateTime, LocalDateTime.class));
    assertEquals(instant, roundTrip(instant, Instant.class));
    assertEquals(duration, roundTrip(duration, Duration.class));
    assertEquals(legacy, roundTrip(legacy, Date.class));
    assertEquals(dateTime, roundTrip(dateTime, Object.class));
  }

  @Test
  void durationCarriesNoClassNameSoWhereObjectIsDeclaredItIsReadAsAString() throws IOException {
    assertEquals("PT3S", roundTrip(Duration.ofSeconds(3), Object.class));
  }

  @Test
  void businessExceptionReadAsDubboReadsOne() throws IOException {
    BizException thrown = new BizException("no such account", 404, new BigDecimal("9.99"));
    // Dubbo reads an exception reply with readObject(Exception.class).
    BizException read = assertInstanceOf(BizException.class, roundTrip(thrown, Exception.class));
    assertEquals("no such account", read.getMessage());
    assertEquals(404, read.code);
    assertEquals(new BigDecimal("9.99"), read.amount);
    assertEquals(thrown.getStackTrace().length, read.getStackTrace().length);
    // JSONB carries the class, method, file and line of each frame (not the module or loader)
    StackTraceElement sent = thrown.getStackTrace()[0];
    StackTraceElement got = read.getStackTrace()[0];
    assertEquals(List.of(sent.getClassName(), sent.getMethodName(), sent.getLineNumber()),
        List.of(got.getClassName(), got.getMethodName(), got.getLineNumber()));
  }

  @Test
  void strictGuardIsAskedForEveryClassTheBytesNameOtherThanTheOneExpectedThere() throws IOException {
    // JSONB names the root class, and a field's value only where its class differs from the field's.
    Person person = new Person("Bo", 3, new Address("Rome", 1), new ArrayList<>(List.of("t")),
        new HashMap<>(Map.of("m", 1)), Color.RED, null);
    AllowSetGuard guard = AllowSetGuard.of(Person.class);
    assertEquals(person, read(write(person), Person.class, guard));
    assertEquals(List.of(), guard.asked); // Person is what was expected: fastjson2 does not ask

    AllowSetGuard holderGuard = AllowSetGuard.of(Holder.class, Address.class);
    assertEquals(new Address("Rome", 1), ((Holder) read(write(new Holder(new Address("Rome", 1))), Object.class, holderGuard)).payload);
    assertEquals(List.of(Holder.class.getName(), Address.class.getName()), holderGuard.asked);
  }

  @Test
  void jdkImplementationClassesArriveByNameAndAreAskedFor() throws IOException {
    // List.of(1, 2) travels as java.util.ImmutableCollections$List12 and is read as an ArrayList
    // (fastjson2's mapping, as in Dubbo): the guard is asked about both.
    AllowSetGuard guard = new AllowSetGuard(Set.of(Holder.class.getName(), "java.util.ImmutableCollections$List12",
        "java.util.ArrayList"));
    Holder read = (Holder) read(write(new Holder(List.of(1, 2))), Holder.class, guard);
    assertEquals(List.of(1, 2), read.payload);
    assertTrue(guard.asked.containsAll(List.of("java.util.ImmutableCollections$List12", "java.util.ArrayList")),
        guard.asked.toString());
    ClassRefusedException e = assertThrows(ClassRefusedException.class,
        () -> read(write(new Holder(List.of(1, 2))), Holder.class, AllowSetGuard.of(Holder.class)));
    assertEquals("java.util.ImmutableCollections$List12", e.className());
  }

  @Test
  void valueOfAnotherTypeThanDeclaredFails() throws IOException {
    assertThrows(IOException.class, () -> read(write("text"), Integer.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(write(List.of(1)), Person.class, PERMISSIVE));
  }

  @Test
  void objectOfAnotherClassThanDeclaredFailsAsInDubbo() throws IOException {
    // fastjson2 creates the class the bytes name (the guard allowing it); Dubbo then refuses a result
    // that does not match the declared class, and so does this.
    IOException e = assertThrows(IOException.class, () -> read(write(new Dog("Rex", "pug")), Person.class, PERMISSIVE));
    assertTrue(e.getMessage().contains(Dog.class.getName()), e.getMessage());
  }

  @Test
  void objectField() throws IOException {
    // (With Dubbo's ErrorOnNoneSerializable, fastjson2's reflection-based readers, which it uses for
    // some non-public classes, refuse an Object field whose value carries no class name; hence
    // Person.extra is Serializable. Holder's reader takes these.)
    for (Object payload : Arrays.asList(new Address("Rome", 1), new BigDecimal("1.5"), "text", null, List.of(1, 2))) {
      assertEquals(payload, ((Holder) roundTrip(new Holder(payload), Holder.class)).payload);
    }
  }

  @Test
  void nonSerializableClassIsNotWrittenAsInDubbo() {
    IOException e = assertThrows(IOException.class, () -> write(new NotSerializable()));
    assertTrue(e.getMessage().contains("Serializable"), e.getMessage());
  }

  @Test
  void deeplyNestedBytesFailWithAnIOExceptionNotAStackOverflow() {
    byte[] nested = new byte[4 + 1_000_001];
    java.nio.ByteBuffer.wrap(nested).putInt(1_000_001);
    Arrays.fill(nested, 4, nested.length, (byte) 0x95); // a JSONB array of one element, a million deep
    nested[nested.length - 1] = (byte) 0xaf; // null
    IOException e = assertThrows(IOException.class, () -> read(nested, Object.class, PERMISSIVE));
    assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
  }

  @Test
  void malformedBytesFailWithAnIOException() {
    assertThrows(IOException.class, () -> read(new byte[0], String.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {0, 0, 0, 1, (byte) 0x92}, Object.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {0, 0, 0, 2, (byte) 0x95, (byte) 0xa6}, Person.class, PERMISSIVE));
    assertThrows(IOException.class, () -> read(new byte[] {0, 0, 0, 1, (byte) 0x7f}, Object.class, PERMISSIVE));
  }
}
