package io.triple.cli;

import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.cli.testing.Echo;
import io.triple.cli.testing.EchoRequest;
import io.triple.cli.testing.EchoResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' service: echoes the text (and the {@code x-tag} request header, so a test sees
 * that {@code -H} reached the handler); a text {@code fail:CODE} fails with that code.
 */
final class EchoService implements Echo {
  @Override
  public EchoResponse unary(EchoRequest request) {
    ServerContext ctx = ServerContext.current();
    ctx.responseHeaders().put("x-answer", "h1");
    ctx.responseTrailers().put("x-done", "t1");
    sleep(request.getDelayMs());
    failIfAsked(request.getText());
    String tag = ctx.requestHeaders().get("x-tag");
    EchoResponse.Builder b = EchoResponse.newBuilder().setText(request.getText() + (tag == null ? "" : " tag=" + tag));
    if (request.hasExtra()) {
      b.setExtra(request.getExtra());
    }
    return b.build();
  }

  @Override
  public void serverStream(EchoRequest request, StreamObserver<EchoResponse> responses) {
    for (int i = 1; i <= request.getCount(); i++) {
      responses.onNext(EchoResponse.newBuilder().setText(request.getText() + " " + i).build());
    }
    if (request.getText().startsWith("fail:")) {
      responses.onError(status(request.getText()).asException());
      return;
    }
    responses.onCompleted();
  }

  @Override
  public StreamObserver<EchoRequest> clientStream(StreamObserver<EchoResponse> responses) {
    List<String> texts = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(EchoRequest value) {
        texts.add(value.getText());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onNext(EchoResponse.newBuilder().setText(String.join("+", texts)).build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<EchoRequest> bidi(StreamObserver<EchoResponse> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(EchoRequest value) {
        responses.onNext(EchoResponse.newBuilder().setText("echo " + value.getText()).build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  private static void failIfAsked(String text) {
    if (text.startsWith("fail:")) {
      throw status(text).asException();
    }
  }

  private static Status status(String text) {
    return Status.fromCode(Status.Code.valueOf(text.substring(5))).withDescription("asked to fail");
  }

  private static void sleep(int ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
