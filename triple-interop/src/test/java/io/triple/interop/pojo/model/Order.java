package io.triple.interop.pojo.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nested POJO of the interop cases: a primitive, a String, a BigDecimal, a LocalDateTime, an
 * enum, a List of POJOs and a Map. {@code equals} compares every field exactly (a BigDecimal's
 * scale too), so a value that lost anything on the way fails the comparison.
 */
public class Order implements Serializable {
  private static final long serialVersionUID = 1L;

  private long id;
  private String customer;
  private BigDecimal amount;
  private LocalDateTime created;
  private Status status;
  private List<Item> items;
  private Map<String, Integer> tags;

  public Order() {}

  public Order(long id, String customer, BigDecimal amount, LocalDateTime created, Status status,
      List<Item> items, Map<String, Integer> tags) {
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

  public void setId(long id) {
    this.id = id;
  }

  public String getCustomer() {
    return customer;
  }

  public void setCustomer(String customer) {
    this.customer = customer;
  }

  public BigDecimal getAmount() {
    return amount;
  }

  public void setAmount(BigDecimal amount) {
    this.amount = amount;
  }

  public LocalDateTime getCreated() {
    return created;
  }

  public void setCreated(LocalDateTime created) {
    this.created = created;
  }

  public Status getStatus() {
    return status;
  }

  public void setStatus(Status status) {
    this.status = status;
  }

  public List<Item> getItems() {
    return items;
  }

  public void setItems(List<Item> items) {
    this.items = items;
  }

  public Map<String, Integer> getTags() {
    return tags;
  }

  public void setTags(Map<String, Integer> tags) {
    this.tags = tags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Order other && id == other.id && Objects.equals(customer, other.customer)
        && Objects.equals(amount, other.amount) && Objects.equals(created, other.created)
        && status == other.status && Objects.equals(items, other.items)
        && Objects.equals(tags, other.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, customer, amount, created, status, items, tags);
  }

  @Override
  public String toString() {
    return "Order{id=" + id + ", customer=" + customer + ", amount=" + amount + ", created="
        + created + ", status=" + status + ", items=" + items + ", tags=" + tags + "}";
  }
}
