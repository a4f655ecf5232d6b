package io.triple.spring.boot.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class Greeting {
  private final String word;

  public Greeting(@Value("${greeting.word:hello}") String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
