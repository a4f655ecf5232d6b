package io.triple.spring.boot.app;

/** A plain Java interface service (no .proto). */
public interface EchoService {
  String echo(String text);
}
