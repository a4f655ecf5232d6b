package io.triple.pojo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.shop.OrderService;
import example.shop.OrderServiceImpl;
import example.shop.model.Address;
import example.shop.model.Circle;
import example.shop.model.Item;
import example.shop.model.ItemPage;
import example.shop.model.Order;
import example.shop.model.OrderException;
import example.shop.model.Page;
import example.shop.model.Point;
import example.shop.model.Shape;
import example.shop.model.Status;
import io.triple.pojo.ClassAllowList;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class RealizerTest {
  private final Realizer realizer = new Realizer(ClassAllowList.forInterfaces(OrderService.class));

  private static Type paramType(String method, int index) {
    for (var m : OrderService.class.getMethods()) {
      if (m.getName().equals(method)) {
        return m.getGenericParameterTypes()[index];
      }
    }
    throw new AssertionError(method);
  }

  /** Declared types to realize into. */
  @SuppressWarnings("unused")
  private static final class Holder {
    Map<Integer, List<Item>> byQty;
    List<Item> items;
    Set<Integer> numbers;
  }

  private static Type field(String name) throws NoSuchFieldException {
    return Holder.class.getDeclaredField(name).getGenericType();
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---- beans --------------------------------------------------------------------------------

  @Test
  void generalizedOrderRealizesBackToAnEqualOrder() throws Exception {
    Order sample = OrderServiceImpl.sample(42);
    Order o = (Order) realizer.realize(Generalizer.generalize(sample), Order.class);
    assertEquals(42L, o.getId());
    assertEquals("ada", o.getCustomer());
    assertEquals(Status.PAID, o.getStatus());
    assertEquals(new BigDecimal("20.48"), o.getTotal());
    assertEquals(LocalDateTime.of(2024, 5, 17, 10, 30, 15), o.getCreated());
    assertEquals(LocalDate.of(2024, 6, 1), o.getDue());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123), o.getPaidAt());
    assertEquals(new Date(1_000_000L), o.getLegacy());
    assertArrayEquals(new int[] {7, 8}, o.getCodes());
    assertEquals(Map.of("prio", 1), o.getTags());
    assertTrue(o.isUrgent());
    assertEquals(2, o.getItems().size());
    Item first = o.getItems().get(0); // List<Item>: Items, not maps
    assertEquals("A-1", first.getSku());
    assertEquals(2, first.getQty());
    assertEquals(new BigDecimal("9.99"), first.getPrice());
    assertEquals("X", o.getExtras()[0].getSku());
    Address a = o.getAddress(); // no default constructor, final fields
    assertEquals("Paris", a.getCity());
    assertEquals("75001", a.getZip());
  }

  @Test
  void mapWithoutClassBecomesTheDeclaredTypeFromLooseValues() throws Exception {
    Order o = (Order) realizer.realize(map("id", "7", "status", "NEW", "total", 12.5, "created", "2024-01-02T03:04:05",
        "legacy", 1000L, "paidAt", 2000L, "codes", List.of(1, 2L), "tags", map("a", 3L),
        "items", List.of(map("sku", "S", "qty", 4L)), "unknownProperty", "ignored"), Order.class);
    assertEquals(7L, o.getId());
    assertEquals(Status.NEW, o.getStatus());
    assertEquals(new BigDecimal("12.5"), o.getTotal());
    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), o.getCreated());
    assertEquals(new Date(1000), o.getLegacy());
    assertEquals(Instant.ofEpochMilli(2000), o.getPaidAt());
    assertArrayEquals(new int[] {1, 2}, o.getCodes());
    assertEquals(Integer.valueOf(3), o.getTags().get("a")); // Map<String, Integer>: the Long narrowed
    assertEquals(4, o.getItems().get(0).getQty());
  }

  @Test
  void classKeyChoosesTheSubclass() throws Exception {
    Object c = realizer.realize(map("class", "example.shop.model.Circle", "name", "c", "radius", 2), Shape.class);
    assertInstanceOf(Circle.class, c);
    assertEquals(2.0, ((Circle) c).getRadius());
    assertEquals("c", ((Circle) c).getName()); // inherited setter
  }

  @Test
  void abstractTypeWithoutClassKeyIsRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> realizer.realize(map("radius", 2), Shape.class));
    assertTrue(e.getMessage().contains("'class'"), e.getMessage());
  }

  @Test
  void classKeyMustNameASubtypeOfTheDeclaredType() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> realizer.realize(map("class", "example.shop.model.Item"), Shape.class));
    assertTrue(e.getMessage().contains("is not a example.shop.model.Shape"), e.getMessage());
  }

  @Test
  void objectDeclaredTypeHonoursClassKeyAndKeepsPlainMaps() throws Exception {
    assertInstanceOf(Item.class, realizer.realize(map("class", "example.shop.model.Item", "sku", "s"), Object.class));
    Object plain = realizer.realize(map("a", map("class", "example.shop.model.Item", "qty", 1), "b", 2), Object.class);
    Map<?, ?> m = assertInstanceOf(Map.class, plain);
    assertInstanceOf(Item.class, m.get("a"));
    assertEquals(2, m.get("b"));
    // Any declared type a map can be: a map.
    assertInstanceOf(LinkedHashMap.class, realizer.realize(map("a", 1), java.io.Serializable.class));
  }

  @Test
  void recordFromItsComponents() throws Exception {
    assertEquals(new Point(1, 2), realizer.realize(map("x", 1L, "y", "2"), Point.class));
    assertEquals(new Point(0, 5), realizer.realize(map("class", "example.shop.model.Point", "y", 5), Object.class));
  }

  @Test
  void exceptionThroughItsMessageConstructor() throws Exception {
    Object e = realizer.realize(map("class", "example.shop.model.OrderException", "message", "gone",
        "stackTrace", List.of(map("className", "x"))), Object.class);
    assertEquals("gone", assertInstanceOf(OrderException.class, e).getMessage());
  }

  // ---- generics, collections, maps, arrays ----------------------------------------------------

  @Test
  void typeArgumentsReachFieldsOfGenericBeans() throws Exception {
    Page<?> p = (Page<?>) realizer.realize(map("number", 3, "content", List.of(map("sku", "a"), map("sku", "b"))),
        paramType("page", 0));
    assertEquals(3, p.getNumber());
    assertInstanceOf(Item.class, p.getContent().get(1));
    // A subclass binding T in its extends clause, named by the class key.
    Page<?> sub = (Page<?>) realizer.realize(map("class", "example.shop.model.ItemPage", "label", "l",
        "content", List.of(map("sku", "c"))), paramType("page", 0));
    assertEquals("l", assertInstanceOf(ItemPage.class, sub).label); // a public field
    assertInstanceOf(Item.class, sub.getContent().get(0));
  }

  @Test
  void collectionsTakeTheirDeclaredShape() throws Exception {
    Object statuses = realizer.realize(new String[] {"NEW", "PAID"}, paramType("statuses", 0)); // List<Status>
    assertEquals(List.of(Status.NEW, Status.PAID), statuses);
    assertArrayEquals(new Status[] {Status.PAID}, (Status[]) realizer.realize(List.of("PAID"), Status[].class));
    assertArrayEquals(new long[] {1, 2}, (long[]) realizer.realize(new int[] {1, 2}, long[].class));
    assertEquals(Set.of(1, 2), realizer.realize(List.of(1L, 2L, 2L), field("numbers"))); // Set<Integer>
    SortedMap<?, ?> sorted = (SortedMap<?, ?>) realizer.realize(map("b", 1, "a", 2), SortedMap.class);
    assertEquals(List.of("a", "b"), new ArrayList<>(sorted.keySet()));
    Object chars = realizer.realize("abc", char[].class);
    assertArrayEquals(new char[] {'a', 'b', 'c'}, (char[]) chars);
  }

  @Test
  void mapKeysAndValuesTakeTheDeclaredTypes() throws Exception {
    Map<?, ?> m = (Map<?, ?>) realizer.realize(map("1", List.of(map("sku", "one"))), field("byQty"));
    List<?> items = (List<?>) m.get(1); // Map<Integer, List<Item>>: the key "1" is 1
    assertInstanceOf(Item.class, items.get(0));
  }

  @Test
  void sharedReferencesAreRealizedOnce() throws Exception {
    Map<String, Object> item = map("sku", "s");
    List<?> list = (List<?>) realizer.realize(List.of(item, item), field("items"));
    assertInstanceOf(Item.class, list.get(0));
    assertSame(list.get(0), list.get(1));
  }

  // ---- scalars --------------------------------------------------------------------------------

  @Test
  void scalarsAsDubboConvertsThem() throws Exception {
    assertEquals(5, realizer.realize(5L, int.class));
    assertEquals(5, realizer.realize(5.0d, Integer.class));
    assertEquals((short) 5, realizer.realize("5", short.class));
    assertEquals(2.5f, realizer.realize(2.5d, float.class));
    assertEquals(new BigDecimal("0.1"), realizer.realize(0.1d, BigDecimal.class));
    assertEquals(new BigDecimal("123.45"), realizer.realize("123.45", BigDecimal.class));
    assertEquals(BigInteger.valueOf(12), realizer.realize(12, BigInteger.class));
    assertEquals('x', realizer.realize("x", char.class));
    assertEquals(true, realizer.realize(1, boolean.class));
    assertEquals(true, realizer.realize("TRUE", Boolean.class));
    assertEquals("12", realizer.realize(12, String.class));
    assertEquals(Status.SHIPPED, realizer.realize("SHIPPED", Status.class));
    assertEquals(Status.SHIPPED, realizer.realize(map("name", "SHIPPED"), Status.class));
    assertEquals(LocalDate.of(2024, 2, 29), realizer.realize("2024-02-29", LocalDate.class));
    assertEquals(LocalTime.of(10, 30, 15), realizer.realize("2024-05-17T10:30:15", LocalTime.class));
    assertEquals(Instant.parse("2024-05-17T10:30:15Z"), realizer.realize("2024-05-17T10:30:15Z", Instant.class));
    assertEquals(Instant.ofEpochSecond(10, 5), realizer.realize(map("epochSecond", 10, "nano", 5), Instant.class));
    assertEquals(Duration.ofMinutes(1), realizer.realize("PT1M", Duration.class));
    assertNull(realizer.realize("", LocalDateTime.class)); // as Dubbo
    Date d = (Date) realizer.realize("2024-05-17 10:30:15", Date.class);
    assertEquals(LocalDateTime.of(2024, 5, 17, 10, 30, 15),
        LocalDateTime.ofInstant(d.toInstant(), java.time.ZoneId.systemDefault()));
    assertInstanceOf(java.sql.Timestamp.class, realizer.realize(new Date(1), java.sql.Timestamp.class));
    assertNull(realizer.realize(null, Order.class));
  }

  @Test
  void lossyNumbersAreRefusedNotTruncated() {
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(3_000_000_000L, int.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(1.5d, long.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(300, byte.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(Double.NaN, long.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize("1.5", BigInteger.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize("abc", int.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize("maybe", boolean.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize("xy", char.class));
  }

  @Test
  void errorsSayWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> realizer.realizeArguments(
        new Object[] {map("items", List.of(map("qty", 1), map("qty", "many")))}, new Type[] {Order.class}));
    assertTrue(e.getMessage().startsWith("argument 0 (example.shop.model.Order): at items[1].qty: cannot make a int"
        + " of the String 'many'"), e.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> realizer.realize("LOST", Status.class));
    assertTrue(unknown.getMessage().contains("no such constant"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(java.util.Arrays.asList(1, null), int[].class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(List.of(1), Order.class));
    assertThrows(IllegalArgumentException.class, () -> realizer.realize(map("a", 1), String.class));
  }

  @Test
  void argumentsCountNullsAndPrimitives() throws Exception {
    Type[] types = {int.class, String.class};
    assertArrayEquals(new Object[] {1, null}, realizer.realizeArguments(new Object[] {1L, null}, types));
    assertThrows(IllegalArgumentException.class, () -> realizer.realizeArguments(new Object[] {null, "x"}, types));
    assertThrows(IllegalArgumentException.class, () -> realizer.realizeArguments(new Object[] {1}, types));
    assertArrayEquals(new Object[0], realizer.realizeArguments(null, new Type[0]));
  }

  @Test
  void deepNestingIsRefused() {
    Object deep = "x";
    for (int i = 0; i < Realizer.MAX_DEPTH + 10; i++) {
      deep = List.of(deep);
    }
    Object payload = deep;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> realizer.realize(payload, Object.class));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void cyclicMapsRealizeToCyclicBeans() throws Exception {
    Map<String, Object> m = new HashMap<>();
    m.put("class", "example.shop.model.Node");
    m.put("next", m);
    // Node is not in OrderService's signatures but in its trusted package.
    Object n = realizer.realize(m, Object.class);
    assertEquals(n, ((example.shop.model.Node) n).next);
  }
}
