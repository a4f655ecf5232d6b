package io.triple.tests.pojo.model;

import java.io.Serializable;

/** A parent class: callers pass subclasses where it is declared. */
public class Event implements Serializable {
  protected String source;

  public Event() {}

  public Event(String source) {
    this.source = source;
  }

  public String describe() {
    return "event from " + source;
  }
}
