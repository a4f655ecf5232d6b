package io.triple.interop;

import com.google.protobuf.StringValue;
import io.triple.Deadline;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.interop.dubbo.DubboEcho;

/**
 * Our server's side of the Dubbo interop service: the same answers as the Dubbo peer's
 * DubboEchoImpl (triple-interop-dubbo-peer), except that {@code missing} is not implemented and
 * {@code unary("sleep:MS")} (answered after MS) is ours only.
 */
final class TripleDubboEcho implements DubboEcho {
  /** The time the last "sleep:" call had left when it arrived, ms (-1: it had no deadline; null: none came). */
  volatile Long sleepCallTimeLeftMs;

  @Override
  public StringValue unary(StringValue request) {
    String value = request.getValue();
    if (value.startsWith("sleep:")) {
      // Answers after the given ms: longer than Dubbo's default timeout (3 s), for the provider's
      // published timeout to be the one a Dubbo consumer uses.
      Deadline d = ServerContext.current().deadline();
      sleepCallTimeLeftMs = d == null ? -1L : d.timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS);
      try {
        Thread.sleep(Long.parseLong(value.substring("sleep:".length())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return StringValue.of("slept");
    }
    if (value.startsWith("fail:")) {
      throw new StatusException(Status.INVALID_ARGUMENT.withDescription("bad request: " + value));
    }
    ServerContext context = ServerContext.current();
    String echo = context.requestHeaders().get("x-echo");
    String userId = context.requestHeaders().get("userId");
    context.responseTrailers().put("x-served-by", "triple-java");
    // Sent with tri-header-convert, so Dubbo's getAttachment("servedBy") finds it.
    context.responseTrailers().put("servedBy", "triple-java");
    return StringValue.of("hello " + value + (echo != null ? " x-echo=" + echo : "")
        + (userId != null ? " userId=" + userId
            + " (as " + context.requestHeaders().originalKey("userid") + ")" : ""));
  }

  /** The deadline of the last {@code slow} call as our server saw it (null: none was sent). */
  volatile Deadline lastSlowDeadline;

  @Override
  public StringValue slow(StringValue request) {
    lastSlowDeadline = ServerContext.current().deadline();
    try {
      Thread.sleep(Long.parseLong(request.getValue()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StringValue.of("slept");
  }

  @Override
  public void serverStream(StringValue request, StreamObserver<StringValue> responses) {
    String[] parts = request.getValue().split(":", 2);
    int count = Integer.parseInt(parts[1]);
    for (int i = 0; i < count; i++) {
      responses.onNext(StringValue.of(parts[0] + i));
    }
    responses.onCompleted();
  }

  @Override
  public StreamObserver<StringValue> bidi(StreamObserver<StringValue> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(StringValue value) {
        responses.onNext(StringValue.of("echo " + value.getValue()));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }
}
