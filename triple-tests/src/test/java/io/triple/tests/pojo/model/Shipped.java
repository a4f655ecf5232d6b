package io.triple.tests.pojo.model;

/** A subclass the signatures never name. */
public class Shipped extends Event {
  private String carrier;

  public Shipped() {}

  public Shipped(String source, String carrier) {
    super(source);
    this.carrier = carrier;
  }

  @Override
  public String describe() {
    return "shipped by " + carrier + " from " + source;
  }
}
