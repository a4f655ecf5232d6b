package io.triple.inprocess;

import com.google.protobuf.ByteString;
import io.triple.Metadata;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.inprocess.contract.Contract;
import io.triple.inprocess.contract.Item;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the contract suite calls. Unary requests choose a behaviour by their text; the latches
 * tell the test what the handler saw (a cancellation, its last message sent).
 */
class ContractService implements Contract {
  /** Counted down when a handler learns its call was cancelled (cancellation listener). */
  final CountDownLatch cancelled = new CountDownLatch(1);
  /** Counted down when a server stream has sent all its messages and closed. */
  final CountDownLatch streamSent = new CountDownLatch(1);
  volatile ServerContext lastContext;

  @Override
  public Item unary(Item request) {
    ServerContext ctx = ServerContext.current();
    lastContext = ctx;
    switch (request.getText()) {
      case "fail" -> throw new IllegalStateException("secret internal detail");
      case "status" -> {
        Metadata trailers = new Metadata().add("x-reason", "because");
        trailers.addBinary("x-detail-bin", new byte[] {0, 1, 2, (byte) 0xff});
        throw new StatusException(Status.FAILED_PRECONDITION.withDescription("bad state: 100% sure"), trailers);
      }
      case "sleep" -> {
        ctx.addCancellationListener(cancelled::countDown);
        try {
          cancelled.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw Status.CANCELLED.asException();
      }
      case "deadline" -> {
        long left = ctx.deadline() == null ? -1 : ctx.deadline().timeRemaining(TimeUnit.MILLISECONDS);
        return Item.newBuilder().setText("deadline").setCount((int) left).build();
      }
      case "metadata" -> {
        Metadata in = ctx.requestHeaders();
        ctx.responseHeaders().add("x-echo", in.get("x-token"));
        ctx.responseTrailers().addBinary("x-echo-bin", in.getBinary("x-data-bin"));
        ctx.responseTrailers().add("x-user-agent-seen", String.valueOf(in.get("user-agent") != null));
        ctx.responseTrailers().add("x-spelling", in.originalKey("userid"));
        return Item.newBuilder().setText("metadata").build();
      }
      case "big" -> {
        return Item.newBuilder().setPayload(ByteString.copyFrom(new byte[request.getCount()])).build();
      }
      default -> {
        return Item.newBuilder().setText("echo " + request.getText()).setCount(request.getPayload().size()).build();
      }
    }
  }

  @Override
  public void serverStream(Item request, StreamObserver<Item> out) {
    // Sends everything at once (no isReady): what reaches the client is up to its requests.
    for (int i = 0; i < request.getCount(); i++) {
      out.onNext(Item.newBuilder().setText(request.getText()).setCount(i).build());
    }
    if (request.getText().equals("then-fail")) {
      out.onError(Status.ABORTED.withDescription("gave up after " + request.getCount()).asException());
    } else {
      out.onCompleted();
    }
    streamSent.countDown();
  }

  @Override
  public StreamObserver<Item> clientStream(StreamObserver<Item> out) {
    StringBuilder texts = new StringBuilder();
    return new StreamObserver<>() {
      int n;

      @Override
      public void onNext(Item value) {
        n++;
        texts.append(value.getText());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onNext(Item.newBuilder().setText(texts.toString()).setCount(n).build());
        out.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<Item> bidi(StreamObserver<Item> out) {
    ServerContext.current().addCancellationListener(cancelled::countDown);
    return new StreamObserver<>() {
      @Override
      public void onNext(Item value) {
        out.onNext(Item.newBuilder().setText("echo " + value.getText()).build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }
}
