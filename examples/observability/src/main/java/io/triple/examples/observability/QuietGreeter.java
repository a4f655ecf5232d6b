package io.triple.examples.observability;

import io.triple.Status;
import io.triple.StreamObserver;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;

/**
 * The greeter's unary and server-streaming methods without the guide's console output (the
 * demo calls them many times a second), and one way to fail: an empty name is
 * INVALID_ARGUMENT, so the error rate has something to count. The other methods are left to
 * the interface's defaults (UNIMPLEMENTED): the demo does not call them.
 */
final class QuietGreeter implements Greeter {
  @Override
  public GreeterReply greet(GreeterRequest request) {
    if (request.getName().isEmpty()) {
      throw Status.INVALID_ARGUMENT.withDescription("name is empty").asException();
    }
    return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
  }

  @Override
  public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> replies) {
    for (int i = 1; i <= 3; i++) {
      replies.onNext(GreeterReply.newBuilder().setMessage("hello " + i + ", " + request.getName()).build());
    }
    replies.onCompleted();
  }
}
