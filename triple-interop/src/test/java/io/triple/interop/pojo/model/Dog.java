package io.triple.interop.pojo.model;

import java.util.Objects;

/**
 * A subclass sent where {@link Animal} is declared. No method signature names it, so a receiver
 * whose class allow-list holds only the types reachable from the signatures refuses it unless
 * configured to allow it (the Dubbo peer lists it in its {@code security/serialize.allowlist}).
 */
public class Dog extends Animal {
  private static final long serialVersionUID = 1L;

  private String breed;
  private int goodBoyLevel;

  public Dog() {}

  public Dog(String name, String breed, int goodBoyLevel) {
    super(name);
    this.breed = breed;
    this.goodBoyLevel = goodBoyLevel;
  }

  public String getBreed() {
    return breed;
  }

  public void setBreed(String breed) {
    this.breed = breed;
  }

  public int getGoodBoyLevel() {
    return goodBoyLevel;
  }

  public void setGoodBoyLevel(int goodBoyLevel) {
    this.goodBoyLevel = goodBoyLevel;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o) && Objects.equals(breed, ((Dog) o).breed)
        && goodBoyLevel == ((Dog) o).goodBoyLevel;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), breed, goodBoyLevel);
  }

  @Override
  public String toString() {
    return "Dog{name=" + getName() + ", breed=" + breed + ", goodBoyLevel=" + goodBoyLevel + "}";
  }
}
