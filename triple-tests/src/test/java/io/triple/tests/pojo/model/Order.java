package io.triple.tests.pojo.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A POJO with the field kinds real services carry. */
public class Order implements Serializable {
  public enum Status { NEW, PAID, SHIPPED }

  private long id;
  private String customer;
  private BigDecimal amount;
  private LocalDateTime created;
  private Status status;
  private List<Item> items;
  private Map<String, Integer> tags;

  public Order() {}

  public Order(long id, String customer, BigDecimal amount, LocalDateTime created, Status status, List<Item> items,
      Map<String, Integer> tags) {
    this.id = id;
    this.customer = customer;
    this.amount = amount;
    this.created = created;
    this.status = status;
    this.items = items;
    this.tags = tags;
  }

  public long getId() {
    return id;
  }

  public String getCustomer() {
    return customer;
  }

  public List<Item> getItems() {
    return items;
  }

  public Status getStatus() {
    return status;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Order x && id == x.id && Objects.equals(customer, x.customer)
        && Objects.equals(amount, x.amount) && Objects.equals(created, x.created) && status == x.status
        && Objects.equals(items, x.items) && Objects.equals(tags, x.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, customer);
  }

  @Override
  public String toString() {
    return "Order{" + id + ", " + customer + ", " + amount + ", " + created + ", " + status + ", " + items + ", " + tags + "}";
  }
}
