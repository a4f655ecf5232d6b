package io.triple.tests.bootstrap;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** A JavaBean as Dubbo estates pass them: hessian2 and fastjson2 both read it. */
public class Product implements Serializable {
  private long id;
  private String name;
  private BigDecimal price;

  public Product() {}

  public Product(long id, String name, BigDecimal price) {
    this.id = id;
    this.name = name;
    this.price = price;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public void setPrice(BigDecimal price) {
    this.price = price;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Product p && id == p.id && Objects.equals(name, p.name) && Objects.equals(price, p.price);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, price);
  }

  @Override
  public String toString() {
    return "Product[" + id + ", " + name + ", " + price + "]";
  }
}
