package io.triple.tests.bootstrap;

import java.util.List;

/** A plain Java interface (no .proto) that dubbo.yaml serves with ref and Dubbo.reference calls. */
public interface Catalog {
  String describe(String sku);

  Product find(long id);

  List<Product> search(String prefix);

  /** Takes and returns anything: what the configured deserialization guard lets through shows here. */
  Object echo(Object value);
}
