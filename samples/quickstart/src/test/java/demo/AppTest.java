package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void saysHello() throws Exception {
    assertEquals("hello quickstart", App.run("quickstart"));
  }
}
