package io.triple.spring.boot.app;

import io.triple.spring.boot.TripleReference;
import io.triple.spring.boot.test.Hello;
import io.triple.spring.boot.test.HelloClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** A bean calling the application's own services through injected references. */
@Component
public class Callers {
  /** The generated client, described by the annotation. */
  @TripleReference(url = "tri://127.0.0.1:${dubbo.protocols.tri.port}", version = "1.0.0", timeout = "5s")
  public HelloClient helloClient;

  /** The generated interface, from a reference under dubbo.consumer.references. */
  @TripleReference(id = "hello")
  public Hello hello;

  /** A plain interface proxy, the only configured reference of its interface. */
  @TripleReference
  public EchoService echo;

  /** By type: the application's own implementation wins over the reference bean "echo" (a fallback). */
  @Autowired
  public EchoService local;

  /** By qualifier: the bean of the reference under dubbo.consumer.references.echo. */
  @Autowired
  @Qualifier("echo")
  public EchoService remote;
}
