package io.triple.tests.pojo.model;

import java.io.Serializable;
import java.util.Objects;

/** A nested POJO. */
public class Item implements Serializable {
  private String sku;
  private int quantity;

  public Item() {}

  public Item(String sku, int quantity) {
    this.sku = sku;
    this.quantity = quantity;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Item i && quantity == i.quantity && Objects.equals(sku, i.sku);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sku, quantity);
  }

  @Override
  public String toString() {
    return sku + "x" + quantity;
  }
}
