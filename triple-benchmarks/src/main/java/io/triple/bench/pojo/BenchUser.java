package io.triple.bench.pojo;

import java.io.Serializable;

/**
 * The benchmark's small POJO: five fields. The same class (this file, copied) is on the class path
 * of triple-benchmarks and of triple-interop-dubbo-peer, so either side reads what the other writes.
 */
public class BenchUser implements Serializable {
  private static final long serialVersionUID = 1L;

  private long id;
  private String name;
  private int age;
  private double score;
  private boolean active;

  public BenchUser() {}

  public BenchUser(long id, String name, int age, double score, boolean active) {
    this.id = id;
    this.name = name;
    this.age = age;
    this.score = score;
    this.active = active;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getAge() {
    return age;
  }

  public void setAge(int age) {
    this.age = age;
  }

  public double getScore() {
    return score;
  }

  public void setScore(double score) {
    this.score = score;
  }

  public boolean isActive() {
    return active;
  }

  public void setActive(boolean active) {
    this.active = active;
  }
}
