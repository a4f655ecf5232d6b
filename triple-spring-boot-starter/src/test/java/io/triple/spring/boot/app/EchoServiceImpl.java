package io.triple.spring.boot.app;

import io.triple.spring.boot.TripleService;

@TripleService
public class EchoServiceImpl implements EchoService {
  @Override
  public String echo(String text) {
    return "echo: " + text;
  }
}
