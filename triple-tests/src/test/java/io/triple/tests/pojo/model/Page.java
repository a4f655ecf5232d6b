package io.triple.tests.pojo.model;

import java.io.Serializable;
import java.util.List;

/** A generic POJO. */
public class Page<T> implements Serializable {
  private List<T> content;
  private int number;

  public Page() {}

  public Page(List<T> content, int number) {
    this.content = content;
    this.number = number;
  }

  public List<T> getContent() {
    return content;
  }

  public int getNumber() {
    return number;
  }
}
