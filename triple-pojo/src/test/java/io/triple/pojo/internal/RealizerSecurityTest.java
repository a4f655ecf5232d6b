package io.triple.pojo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.other.Harmless;
import example.shop.OrderService;
import example.shop.model.Item;
import example.shop.model.Order;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.spi.ClassRefusedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A generic call's {@code "class"} keys choose what gets created: the class guard decides, as it
 * does for the serializations, and a refusal happens before anything of the class is loaded.
 */
class RealizerSecurityTest {
  private final Realizer strict = new Realizer(ClassAllowList.forInterfaces(OrderService.class));

  @Test
  void gadgetsAreRefusedWhereverTheyAppear() {
    Map<String, Object> rowSet = Map.of("class", "com.sun.rowset.JdbcRowSetImpl",
        "dataSourceName", "ldap://attacker/x", "autoCommit", true);
    ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> strict.realize(rowSet, Object.class));
    assertEquals("com.sun.rowset.JdbcRowSetImpl", e.className());
    assertTrue(e.getMessage().contains("gadget"), e.getMessage());

    Map<String, Object> process = Map.of("class", "java.lang.ProcessBuilder", "command", List.of("touch", "/tmp/x"));
    assertThrows(ClassRefusedException.class, () -> strict.realize(process, Object.class));
    // Nested in a bean's list, where the declared type (Item) is not even a supertype.
    Map<String, Object> order = Map.of("items", List.of(process));
    ClassRefusedException nested = assertThrows(ClassRefusedException.class, () -> strict.realize(order, Order.class));
    assertEquals("java.lang.ProcessBuilder", nested.className());
    // A Class-typed value names a class too.
    assertThrows(ClassRefusedException.class, () -> strict.realize("java.lang.Runtime", Class.class));
  }

  @Test
  void gadgetsAreRefusedEvenWithTheGuardDisabled() {
    Realizer disabled = new Realizer(ClassAllowList.builder().mode(ClassAllowList.Mode.DISABLE).build());
    assertThrows(ClassRefusedException.class,
        () -> disabled.realize(Map.of("class", "java.lang.ProcessBuilder"), Object.class));
  }

  @Test
  void classOutsideTheStrictAllowListIsNeitherLoadedNorCreated() {
    Map<String, Object> secret = Map.of("class", "example.other.Secret", "command", "rm -rf /");
    ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> strict.realize(secret, Object.class));
    assertTrue(e.getMessage().contains("not in the allow list"), e.getMessage());
    assertNull(System.getProperty("example.other.Secret.loaded"), "Secret's static initializer ran");
    assertNull(System.getProperty("example.other.Secret.created"), "a Secret was created");
  }

  @Test
  void theGuardIsWhatDecides() throws Exception {
    Map<String, Object> harmless = Map.of("class", "example.other.Harmless", "note", "hi");
    assertThrows(ClassRefusedException.class, () -> strict.realize(harmless, Object.class));
    Realizer allowing = new Realizer(ClassAllowList.builder().addInterface(OrderService.class)
        .allow("example.other.Harmless").build());
    assertEquals("hi", assertInstanceOf(Harmless.class, allowing.realize(harmless, Object.class)).getNote());
  }

  @Test
  void deniedDeclaredTypesAreNotCreatedEither() {
    Realizer denying = new Realizer(ClassAllowList.builder().addInterface(OrderService.class)
        .deny("example.shop.model.Item").build());
    assertThrows(ClassRefusedException.class, () -> denying.realize(Map.of("sku", "s"), Item.class));
  }

  @Test
  void mapsDoNotBecomeJdkInternals() {
    // Allowed classes of the JDK are still not filled from maps (their fields are not ours to set).
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> strict.realize(Map.of("class", "java.util.Date", "time", 5), Object.class));
    assertTrue(e.getMessage().contains("cannot make a java.util.Date of a map"), e.getMessage());
  }
}
