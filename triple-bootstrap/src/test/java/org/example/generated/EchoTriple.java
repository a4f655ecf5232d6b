package org.example.generated;

import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Shaped as triple-protoc-plugin generates {@code XxxTriple} (strings instead of messages). */
public final class EchoTriple {
  public static final String SERVICE_NAME = "demo.echo.Echo";

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

  public static final MethodDescriptor<String, String> METHOD_ECHO =
      MethodDescriptor.of(SERVICE_NAME, "Echo", MethodType.UNARY, UTF8, UTF8);

  private EchoTriple() {}

  public static ServiceDefinition bindService(Echo impl) {
    Objects.requireNonNull(impl, "impl");
    return ServiceDefinition.builder(SERVICE_NAME)
        .addMethod(METHOD_ECHO, ServerCalls.unaryCall(r -> CompletableFuture.completedFuture(impl.echo(r))))
        .build();
  }
}
