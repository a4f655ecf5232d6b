package io.triple.tests.pojo.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** No no-arg constructor, final fields. */
public final class Money implements Serializable {
  private final BigDecimal amount;
  private final String currency;

  public Money(BigDecimal amount, String currency) {
    this.amount = amount;
    this.currency = currency;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money m && Objects.equals(amount, m.amount) && Objects.equals(currency, m.currency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(amount, currency);
  }

  @Override
  public String toString() {
    return amount + " " + currency;
  }
}
