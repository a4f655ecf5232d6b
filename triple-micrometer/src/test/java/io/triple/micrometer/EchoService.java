package io.triple.micrometer;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A service of strings for the tests: no .proto, no code generation. */
final class EchoService {
  static final String NAME = "test.Echo";

  static final Marshaller<String> STRING = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  static final MethodDescriptor<String, String> ECHO = method("echo", MethodType.UNARY);
  static final MethodDescriptor<String, String> FAIL = method("fail", MethodType.UNARY);
  static final MethodDescriptor<String, String> HANG = method("hang", MethodType.UNARY);
  static final MethodDescriptor<String, String> SPLIT = method("split", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> CHAT = method("chat", MethodType.BIDI_STREAMING);

  /** Counted down when {@code hang} is called. */
  static volatile java.util.concurrent.CountDownLatch hangStarted = new java.util.concurrent.CountDownLatch(1);

  static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.of(NAME, name, type, STRING, STRING);
  }

  static ServiceDefinition definition() {
    return ServiceDefinition.builder(NAME)
        .addMethod(ECHO, ServerCalls.unaryCall(CompletableFuture::completedFuture))
        .addMethod(FAIL, ServerCalls.unaryCall(
            r -> CompletableFuture.failedFuture(Status.INVALID_ARGUMENT.withDescription(r).asException())))
        .addMethod(HANG, ServerCalls.unaryCall(r -> {
          hangStarted.countDown();
          return new CompletableFuture<String>();
        }))
        .addMethod(SPLIT, ServerCalls.serverStreamingCall((String r, StreamObserver<String> out) -> {
          for (String part : r.split(",")) {
            out.onNext(part);
          }
          out.onCompleted();
        }))
        .addMethod(CHAT, ServerCalls.bidiStreamingCall(out -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            out.onNext(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .build();
  }

  private EchoService() {}

  /** A bidi call that sends {@code messages} and half-closes; returns what came back. */
  static List<String> chat(Channel channel, String... messages) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    List<String> echoed = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    ClientCallStreamObserver<String> out = ClientCalls.bidiStreaming(channel, EchoService.CHAT, CallOptions.DEFAULT,
        new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            synchronized (echoed) {
              echoed.add(value);
            }
          }

          @Override
          public void onError(Throwable t) {
            failure[0] = t;
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    for (String m : messages) {
      out.onNext(m);
    }
    out.onCompleted();
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the call did not end");
    }
    if (failure[0] != null) {
      throw new AssertionError("the call failed", failure[0]);
    }
    synchronized (echoed) {
      return new ArrayList<>(echoed);
    }
  }

  /**
   * The dubbo.yaml of an application that serves test.Echo on PORT (MetricsFilterTest.yaml fills
   * it in) and references it there, with {@code metrics} (YAML lines, indented here) under
   * dubbo.metrics.
   */
  static String app(String metrics) {
    StringBuilder yaml = new StringBuilder("""
        dubbo:
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              EchoProvider:
                interface: test.Echo
          consumer:
            references:
              Echo:
                interface: test.Echo
                url: tri://127.0.0.1:PORT
          metrics:
        """);
    metrics.stripIndent().lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
    return yaml.toString();
  }
}
