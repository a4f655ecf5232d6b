package example.shop.model;

import java.io.Serializable;

/** Immutable: no no-argument constructor, no setters (realized as PojoUtils does: a constructor, then fields). */
public final class Address implements Serializable {
  private final String city;
  private final String zip;

  public Address(String city, String zip) {
    this.city = city;
    this.zip = zip;
  }

  public String getCity() {
    return city;
  }

  public String getZip() {
    return zip;
  }
}
