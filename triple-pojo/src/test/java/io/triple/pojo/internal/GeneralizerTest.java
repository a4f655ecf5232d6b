package io.triple.pojo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.shop.OrderServiceImpl;
import example.shop.model.Circle;
import example.shop.model.Order;
import example.shop.model.Point;
import example.shop.model.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GeneralizerTest {

  @Test
  void scalarsTravelAsTheyAre() {
    Date d = new Date(5);
    java.sql.Timestamp ts = new java.sql.Timestamp(6);
    int[] ints = {1, 2};
    String[] strings = {"a"};
    for (Object v : new Object[] {1, 2L, 'c', true, "s", 1.5d, 2.5f, (byte) 3, (short) 4, new BigDecimal("1.10"),
        BigInteger.TEN, d, ts, ints, strings}) {
      assertSame(v, Generalizer.generalize(v), String.valueOf(v));
    }
    assertNull(Generalizer.generalize(null));
  }

  @Test
  void enumsBecomeNamesAndClassesTheirNames() {
    assertEquals("PAID", Generalizer.generalize(Status.PAID));
    assertArrayEquals(new String[] {"NEW", null}, (String[]) Generalizer.generalize(new Status[] {Status.NEW, null}));
    assertEquals("java.lang.String", Generalizer.generalize(String.class));
  }

  @Test
  void javaTimeAsDubboWritesIt() {
    assertEquals("2024-05-17T10:30:15", Generalizer.generalize(LocalDateTime.of(2024, 5, 17, 10, 30, 15)));
    assertEquals("2024-06-01", Generalizer.generalize(LocalDate.of(2024, 6, 1)));
    assertEquals("10:30", Generalizer.generalize(LocalTime.of(10, 30)));
    // Instant is a bean to Dubbo: its getters epochSecond and nano.
    Map<?, ?> instant = (Map<?, ?>) Generalizer.generalize(Instant.ofEpochSecond(1_700_000_000L, 123));
    assertEquals(Map.of("class", "java.time.Instant", "epochSecond", 1_700_000_000L, "nano", 123), instant);
    // Where Dubbo's bean walk is unusable: ISO strings.
    assertEquals("PT1M", Generalizer.generalize(Duration.ofMinutes(1)));
    assertEquals("2024-05-17T10:30+02:00[Europe/Paris]",
        Generalizer.generalize(ZonedDateTime.of(2024, 5, 17, 10, 30, 0, 0, ZoneId.of("Europe/Paris"))));
  }

  @Test
  void beanBecomesMapWithClassFirstThenGettersInNameOrder() {
    Order o = OrderServiceImpl.sample(42);
    Map<?, ?> m = (Map<?, ?>) Generalizer.generalize(o);
    assertInstanceOf(LinkedHashMap.class, m);
    assertEquals(List.of("class", "address", "codes", "created", "customer", "due", "extras", "id", "items",
        "legacy", "paidAt", "status", "tags", "total", "urgent"), new ArrayList<>(m.keySet()));
    assertEquals("example.shop.model.Order", m.get("class"));
    assertEquals(42L, m.get("id"));
    assertEquals("PAID", m.get("status"));
    assertEquals(new BigDecimal("20.48"), m.get("total"));
    assertEquals("2024-05-17T10:30:15", m.get("created"));
    assertEquals("2024-06-01", m.get("due"));
    assertEquals(new Date(1_000_000L), m.get("legacy"));
    assertEquals(true, m.get("urgent")); // isUrgent()
    assertArrayEquals(new int[] {7, 8}, (int[]) m.get("codes"));
    assertEquals(Map.of("prio", 1), m.get("tags"));
    List<?> items = (List<?>) m.get("items");
    assertEquals(Map.of("class", "example.shop.model.Item", "sku", "A-1", "qty", 2, "price", new BigDecimal("9.99")),
        items.get(0));
    Object[] extras = (Object[]) m.get("extras");
    assertEquals("X", ((Map<?, ?>) extras[0]).get("sku"));
    // No setters, no default constructor: still its getters.
    assertEquals(Map.of("class", "example.shop.model.Address", "city", "Paris", "zip", "75001"), m.get("address"));
  }

  @Test
  void inheritedPropertiesAndRuntimeClass() {
    Circle c = new Circle();
    c.setName("c1");
    c.setRadius(2);
    assertEquals(Map.of("class", "example.shop.model.Circle", "name", "c1", "radius", 2.0),
        Generalizer.generalize(c));
  }

  @Test
  void recordBecomesItsComponents() {
    assertEquals(Map.of("class", "example.shop.model.Point", "x", 1, "y", 2), Generalizer.generalize(new Point(1, 2)));
  }

  @Test
  void collectionsMapsAndArraysRecursively() {
    Object g = Generalizer.generalize(Map.of(Status.NEW, List.of(new Point(0, 0))));
    assertEquals(Map.of("NEW", List.of(Map.of("class", "example.shop.model.Point", "x", 0, "y", 0))), g);
    Object set = Generalizer.generalize(new TreeSet<>(Set.of(Status.NEW, Status.PAID)));
    assertEquals(Set.of("NEW", "PAID"), set);
    Object[] arr = (Object[]) Generalizer.generalize(new Point[] {new Point(1, 1), null});
    assertEquals(2, arr.length);
    assertNull(arr[1]);
    assertInstanceOf(Map.class, arr[0]);
  }

  @Test
  void jdkNonPublicBeansThroughTheirPublicInterfaces() {
    // Map.entry() is a java.util.KeyValueHolder: its getters are called as Map.Entry's.
    Map<?, ?> entry = (Map<?, ?>) Generalizer.generalize(Map.entry("k", 1));
    assertEquals("k", entry.get("key"));
    assertEquals(1, entry.get("value"));
  }

  @Test
  void sharedAndCyclicReferencesStayShared() {
    List<Object> self = new ArrayList<>();
    self.add(self);
    List<?> g = (List<?>) Generalizer.generalize(self);
    assertSame(g, g.get(0));
    Point p = new Point(3, 4);
    List<?> two = (List<?>) Generalizer.generalize(List.of(p, p));
    assertSame(two.get(0), two.get(1));
  }

  @Test
  void aGetterThatThrowsFailsClearly() {
    Object bad = new Object() {
      @SuppressWarnings("unused")
      public String getBoom() {
        throw new UnsupportedOperationException("boom");
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Generalizer.generalize(bad));
    assertTrue(e.getMessage().contains("boom"), e.getMessage());
  }

  @Test
  void generalizeAllKeepsNullArray() {
    assertNull(Generalizer.generalizeAll(null));
    assertArrayEquals(new Object[] {"PAID", 1}, Generalizer.generalizeAll(new Object[] {Status.PAID, 1}));
  }
}
