package io.triple.testing.greeter;

import io.triple.ServerContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** docs/testing.md's service under test: greets by name; "slow" answers only when cancelled. */
public class GreeterImpl implements Greeter {
  @Override
  public GreeterReply greet(GreeterRequest request) {
    if (request.getName().equals("slow")) {
      CountDownLatch cancelled = new CountDownLatch(1);
      ServerContext.current().addCancellationListener(cancelled::countDown);
      try {
        cancelled.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return GreeterReply.newBuilder().setMessage("hello " + request.getName()).build();
  }
}
