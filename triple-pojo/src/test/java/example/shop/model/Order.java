package example.shop.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

public class Order implements Serializable {
  private long id;
  private String customer;
  private List<Item> items;
  private Map<String, Integer> tags;
  private Status status;
  private BigDecimal total;
  private LocalDateTime created;
  private LocalDate due;
  private Instant paidAt;
  private Date legacy;
  private Address address;
  private int[] codes;
  private Item[] extras;
  private boolean urgent;

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

  public Status getStatus() {
    return status;
  }

  public void setStatus(Status status) {
    this.status = status;
  }

  public BigDecimal getTotal() {
    return total;
  }

  public void setTotal(BigDecimal total) {
    this.total = total;
  }

  public LocalDateTime getCreated() {
    return created;
  }

  public void setCreated(LocalDateTime created) {
    this.created = created;
  }

  public LocalDate getDue() {
    return due;
  }

  public void setDue(LocalDate due) {
    this.due = due;
  }

  public Instant getPaidAt() {
    return paidAt;
  }

  public void setPaidAt(Instant paidAt) {
    this.paidAt = paidAt;
  }

  public Date getLegacy() {
    return legacy;
  }

  public void setLegacy(Date legacy) {
    this.legacy = legacy;
  }

  public Address getAddress() {
    return address;
  }

  public void setAddress(Address address) {
    this.address = address;
  }

  public int[] getCodes() {
    return codes;
  }

  public void setCodes(int[] codes) {
    this.codes = codes;
  }

  public Item[] getExtras() {
    return extras;
  }

  public void setExtras(Item[] extras) {
    this.extras = extras;
  }

  public boolean isUrgent() {
    return urgent;
  }

  public void setUrgent(boolean urgent) {
    this.urgent = urgent;
  }
}
