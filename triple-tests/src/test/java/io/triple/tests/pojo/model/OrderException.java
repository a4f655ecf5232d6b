package io.triple.tests.pojo.model;

/** A business exception: callers get this class with its message. */
public class OrderException extends RuntimeException {
  public OrderException(String message) {
    super(message);
  }
}
