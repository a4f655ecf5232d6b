package io.triple.bootstrap;

import java.io.Serializable;

/** A plain Java interface (no .proto) served and called through the bootstrap in these tests. */
public interface Inventory {
  int count(String item);

  Item find(String name);

  /** Takes and returns anything: what the deserialization guard lets through shows here. */
  Object echo(Object value);

  /** A value type the signature reaches, so the guard allows it. */
  record Item(String name, int quantity) implements Serializable {}

  /** The implementation a dubbo.yaml names under ref. */
  class Impl implements Inventory {
    @Override
    public int count(String item) {
      return item.length();
    }

    @Override
    public Item find(String name) {
      return new Item(name, 7);
    }

    @Override
    public Object echo(Object value) {
      return value;
    }
  }

  /** A second implementation, for a second version of the service. */
  class Doubling extends Impl {
    @Override
    public int count(String item) {
      return 2 * item.length();
    }
  }

  /** Not creatable by a ref: no public no-arg constructor. */
  class NeedsArgument extends Impl {
    public NeedsArgument(String unused) {}
  }

  /** Not creatable by a ref: abstract. */
  abstract class Partial implements Inventory {}

  /** A constructor that fails. */
  class Broken extends Impl {
    public Broken() {
      throw new IllegalStateException("no database");
    }
  }
}
