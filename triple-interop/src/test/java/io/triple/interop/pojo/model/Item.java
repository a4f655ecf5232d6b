package io.triple.interop.pojo.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** One line of an {@link Order}: a nested POJO with a no-arg constructor and bean accessors. */
public class Item implements Serializable {
  private static final long serialVersionUID = 1L;

  private String sku;
  private int quantity;
  private BigDecimal price;

  public Item() {}

  public Item(String sku, int quantity, BigDecimal price) {
    this.sku = sku;
    this.quantity = quantity;
    this.price = price;
  }

  public String getSku() {
    return sku;
  }

  public void setSku(String sku) {
    this.sku = sku;
  }

  public int getQuantity() {
    return quantity;
  }

  public void setQuantity(int quantity) {
    this.quantity = quantity;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public void setPrice(BigDecimal price) {
    this.price = price;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Item other && quantity == other.quantity && Objects.equals(sku, other.sku)
        && Objects.equals(price, other.price);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sku, quantity, price);
  }

  @Override
  public String toString() {
    return "Item{sku=" + sku + ", quantity=" + quantity + ", price=" + price + "}";
  }
}
