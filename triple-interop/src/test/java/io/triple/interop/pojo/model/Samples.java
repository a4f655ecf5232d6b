package io.triple.interop.pojo.model;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values both sides build and expect, so the provider and the caller of every implementation
 * agree on them. Collections are mutable JDK ones (ArrayList, LinkedHashMap): immutable
 * collections ({@code List.of}) are JDK-internal classes that travel by name in fastjson2.
 */
public final class Samples {
  private Samples() {}

  /** The order {@code findAsync(id)} (and {@code find}-style lookups) answer with. */
  public static Order order(long id) {
    List<Item> items = new ArrayList<>();
    items.add(new Item("apple", 3, new BigDecimal("0.50")));
    items.add(new Item("pear", 2, new BigDecimal("1.25")));
    Map<String, Integer> tags = new LinkedHashMap<>();
    tags.put("priority", 2);
    tags.put("gift", 0);
    return new Order(id, "customer-" + id, new BigDecimal("4.00"),
        LocalDateTime.of(2024, 5, 17, 13, 45, 30, 123_456_789), Status.NEW, items, tags);
  }

  /**
   * What {@code checkout(order)} answers: the same order, PAID, its amount the sum of its items'
   * price times quantity, and the tag {@code checked=1} added.
   */
  public static Order checkout(Order order) {
    BigDecimal amount = BigDecimal.ZERO;
    for (Item item : order.getItems()) {
      amount = amount.add(item.getPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
    }
    Map<String, Integer> tags = new LinkedHashMap<>(order.getTags());
    tags.put("checked", 1);
    return new Order(order.getId(), order.getCustomer(), amount, order.getCreated(), Status.PAID,
        new ArrayList<>(order.getItems()), tags);
  }
}
