package io.triple.interop.pojo.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A POJO with a generic field: {@code value} is erased to Object, so its class travels in the
 * bytes and the receiver learns it from there (or from the signature's {@code Box<Item>}).
 */
public class Box<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private String label;
  private T value;

  public Box() {}

  public Box(String label, T value) {
    this.label = label;
    this.value = value;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public T getValue() {
    return value;
  }

  public void setValue(T value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Box<?> other && Objects.equals(label, other.label)
        && Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, value);
  }

  @Override
  public String toString() {
    return "Box{label=" + label + ", value=" + value + "}";
  }
}
