package io.triple.tests.bootstrap;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What dubbo.yaml names under ref: created by the bootstrap with its public no-arg constructor. */
public class CatalogImpl implements Catalog {
  static Product product(long id) {
    return new Product(id, "product-" + id, new BigDecimal("9.99"));
  }

  @Override
  public String describe(String sku) {
    return "sku " + sku;
  }

  @Override
  public Product find(long id) {
    return product(id);
  }

  @Override
  public List<Product> search(String prefix) {
    return new ArrayList<>(List.of(product(1), product(2)));
  }

  @Override
  public Object echo(Object value) {
    return value;
  }
}
