package io.triple.interop.pojo.model;

import java.io.Serializable;
import java.util.Objects;

/** The declared (parent) type of the inheritance cases; {@link Dog} is what travels. */
public class Animal implements Serializable {
  private static final long serialVersionUID = 1L;

  private String name;

  public Animal() {}

  public Animal(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Objects.equals(name, ((Animal) o).name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return "Animal{name=" + name + "}";
  }
}
