package io.triple.tests.bootstrap;

import java.util.Locale;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;

/** A generated .proto service's implementation, named by ref in dubbo.yaml. */
public class LoudGreeter implements Greeter {
  @Override
  public GreeterReply greet(GreeterRequest request) {
    return GreeterReply.newBuilder().setMessage("HELLO, " + request.getName().toUpperCase(Locale.ROOT)).build();
  }
}
