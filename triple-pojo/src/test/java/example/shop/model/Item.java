package example.shop.model;

import java.io.Serializable;
import java.math.BigDecimal;

/** A bean with a no-argument constructor, getters and setters. */
public class Item implements Serializable {
  private String sku;
  private int qty;
  private BigDecimal price;

  public Item() {}

  public Item(String sku, int qty, BigDecimal price) {
    this.sku = sku;
    this.qty = qty;
    this.price = price;
  }

  public String getSku() {
    return sku;
  }

  public void setSku(String sku) {
    this.sku = sku;
  }

  public int getQty() {
    return qty;
  }

  public void setQty(int qty) {
    this.qty = qty;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public void setPrice(BigDecimal price) {
    this.price = price;
  }

  @Override
  public String toString() {
    return sku + "x" + qty + "@" + price;
  }
}
