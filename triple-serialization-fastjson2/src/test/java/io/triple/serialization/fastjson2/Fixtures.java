package io.triple.serialization.fastjson2;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Value classes the tests send; Serializable, as both of Dubbo's serializations require by default. */
final class Fixtures {
  private Fixtures() {}

  enum Color { RED, GREEN }

  /** A bean with a no-arg constructor, collections, a nested POJO and an enum. */
  static final class Person implements Serializable {
    String name;
    int age;
    Address address;
    List<String> tags;
    Map<String, Integer> scores;
    Color color;
    Serializable extra; // an interface: fastjson2 refuses an Object field holding an untyped value

    Person() {}

    Person(String name, int age, Address address, List<String> tags, Map<String, Integer> scores,
        Color color, Serializable extra) {
      this.name = name;
      this.age = age;
      this.address = address;
      this.tags = tags;
      this.scores = scores;
      this.color = color;
      this.extra = extra;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Person p && age == p.age && Objects.equals(name, p.name)
          && Objects.equals(address, p.address) && Objects.equals(tags, p.tags)
          && Objects.equals(scores, p.scores) && color == p.color && Objects.equals(extra, p.extra);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, age);
    }

    @Override
    public String toString() {
      return "Person[" + name + ", " + age + ", " + address + ", " + tags + ", " + scores + ", "
          + color + ", " + extra + "]";
    }
  }

  /** No no-arg constructor: deserializers must create it without running one. */
  static final class Address implements Serializable {
    final String city;
    final int zip;

    Address(String city, int zip) {
      this.city = Objects.requireNonNull(city);
      this.zip = zip;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Address a && zip == a.zip && city.equals(a.city);
    }

    @Override
    public int hashCode() {
      return Objects.hash(city, zip);
    }

    @Override
    public String toString() {
      return "Address[" + city + ", " + zip + "]";
    }
  }

  static class Animal implements Serializable {
    String name;

    Animal() {}

    Animal(String name) {
      this.name = name;
    }
  }

  /** A subclass: read where an Animal is declared, it must come back a Dog with both fields. */
  static final class Dog extends Animal {
    String breed;

    Dog() {}

    Dog(String name, String breed) {
      super(name);
      this.breed = breed;
    }
  }

  /** Generic fields: the element types travel in the bytes, not in the declaration. */
  static final class Box<T> implements Serializable {
    T value;
    List<T> items;
    Map<String, T> byName;

    Box() {}

    Box(T value, List<T> items, Map<String, T> byName) {
      this.value = value;
      this.items = items;
      this.byName = byName;
    }
  }

  /**
   * A business exception as a service throws it. Public with a public constructor: fastjson2 creates
   * exceptions through a constructor, which must be accessible.
   */
  public static final class BizException extends RuntimeException {
    final int code;
    final BigDecimal amount;

    public BizException(String message, int code, BigDecimal amount) {
      super(message);
      this.code = code;
      this.amount = amount;
    }
  }

  /** Carries anything in an Object field, where hostile bytes can name any class. */
  static final class Holder implements Serializable {
    Object payload;

    Holder() {}

    Holder(Object payload) {
      this.payload = payload;
    }
  }

  /** Not Serializable: neither serialization writes it (Dubbo's default). */
  static final class NotSerializable {
    String name = "x";
  }
}
