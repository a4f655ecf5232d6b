package io.triple.interop.pojo.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A POJO without a no-arg constructor, final fields and no setters. Deserializers must create it
 * without calling a constructor with the real values (hessian2 calls the cheapest constructor
 * with zero/null arguments, then sets the fields), so the constructor must accept those.
 */
public final class Point implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int x;
  private final int y;
  private final String label;

  public Point(int x, int y, String label) {
    this.x = x;
    this.y = y;
    this.label = label;
  }

  public int x() {
    return x;
  }

  public int y() {
    return y;
  }

  public String label() {
    return label;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Point other && x == other.x && y == other.y
        && Objects.equals(label, other.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(x, y, label);
  }

  @Override
  public String toString() {
    return "Point{x=" + x + ", y=" + y + ", label=" + label + "}";
  }
}
