package io.triple.spring.boot.app;

import io.triple.spring.boot.TripleReference;
import io.triple.spring.boot.test.HelloClient;
import org.springframework.stereotype.Component;

/** References as constructor parameters, beside an ordinary bean. */
@Component
public class ConstructorCaller {
  public final HelloClient hello;
  public final EchoService echo;
  public final Greeting greeting;

  public ConstructorCaller(
      @TripleReference(url = "tri://127.0.0.1:${dubbo.protocols.tri.port}", version = "1.0.0", timeout = "5s")
      HelloClient hello,
      @TripleReference(id = "echo") EchoService echo,
      Greeting greeting) {
    this.hello = hello;
    this.echo = echo;
    this.greeting = greeting;
  }
}
