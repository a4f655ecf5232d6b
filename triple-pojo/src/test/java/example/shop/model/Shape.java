package example.shop.model;

import java.io.Serializable;

public abstract class Shape implements Serializable {
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public abstract double area();
}
