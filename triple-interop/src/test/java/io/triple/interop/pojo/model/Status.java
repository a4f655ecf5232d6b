package io.triple.interop.pojo.model;

/** An order's state; enums travel by name in both serializations. */
public enum Status {
  NEW,
  PAID,
  SHIPPED,
  CANCELLED
}
