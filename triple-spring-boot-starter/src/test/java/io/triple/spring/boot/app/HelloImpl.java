package io.triple.spring.boot.app;

import io.triple.spring.boot.TripleService;
import io.triple.spring.boot.test.Hello;
import io.triple.spring.boot.test.HelloReply;
import io.triple.spring.boot.test.HelloRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A generated service as a bean, with a dependency injected by Spring. */
@TripleService(version = "1.0.0", timeout = "7s", retries = "0", weight = "${hello.weight:150}")
public class HelloImpl implements Hello {
  private final Greeting greeting;
  /** While set, sayHello("slow") waits for it: a call in flight across shutdown. */
  public static volatile CountDownLatch hold;
  /** Counted down when sayHello("slow") has begun. */
  public static volatile CountDownLatch entered;

  public HelloImpl(Greeting greeting) {
    this.greeting = greeting;
  }

  @Override
  public HelloReply sayHello(HelloRequest request) {
    CountDownLatch h = hold;
    if ("slow".equals(request.getName()) && h != null) {
      CountDownLatch in = entered;
      if (in != null) {
        in.countDown();
      }
      try {
        h.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return HelloReply.newBuilder().setMessage(greeting.word() + ", " + request.getName()).build();
  }
}
