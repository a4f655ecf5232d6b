package io.triple.testing;

import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A one-method service with UTF-8 string messages: "echo " + the request. */
final class EchoService {
  static final Marshaller<String> UTF8 = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };
  static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.of("test.Echo", "echo", MethodType.UNARY, UTF8, UTF8);

  private EchoService() {}

  static ServiceDefinition definition() {
    return ServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, ServerCalls.unaryCall(req -> CompletableFuture.completedFuture("echo " + req)))
        .build();
  }
}
