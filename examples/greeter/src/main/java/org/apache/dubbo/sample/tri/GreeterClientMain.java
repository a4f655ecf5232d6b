package org.apache.dubbo.sample.tri;

import io.triple.ClientResponseObserver;
import io.triple.Metadata;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.stub.ResponseIterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The greeter client from the Dubbo Rust streaming guide, in Java: one unary call, a client
 * stream of three, a bidirectional echo of three (printing response headers and trailers) and a
 * server stream of three.
 *
 * <p>Usage: {@code java -jar greeter-client.jar [URI]}, URI default {@code tri://127.0.0.1:8888}.
 */
public final class GreeterClientMain {
  private GreeterClientMain() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : "tri://127.0.0.1:8888";
    try (GreeterClient cli = GreeterClient.create(uri)) {
      run(cli);
    } catch (StatusException e) {
      System.out.println("call failed: " + e.getStatus());
      System.exit(1);
    }
  }

  static void run(GreeterClient cli) throws Exception {
    System.out.println("# unary call");
    GreeterReply resp =
        cli.greet(GreeterRequest.newBuilder().setName("message from client").build());
    System.out.println("Response: " + RustStyle.reply(resp));

    System.out.println("# client stream");
    CompletableFuture<GreeterReply> clientStreamingResp = new CompletableFuture<>();
    StreamObserver<GreeterRequest> requests = cli.greetClientStream(futureObserver(clientStreamingResp));
    for (String name :
        List.of("msg1 from client streaming", "msg2 from client streaming", "msg3 from client streaming")) {
      requests.onNext(GreeterRequest.newBuilder().setName(name).build());
    }
    requests.onCompleted();
    System.out.println(
        "client streaming, Response: " + RustStyle.reply(clientStreamingResp.get(30, TimeUnit.SECONDS)));

    System.out.println("# bi stream");
    PrintingObserver bidi = new PrintingObserver();
    StreamObserver<GreeterRequest> bidiRequests = cli.greetStream(bidi);
    for (String name : List.of("msg1 from client", "msg2 from client", "msg3 from client")) {
      bidiRequests.onNext(GreeterRequest.newBuilder().setName(name).build());
    }
    bidiRequests.onCompleted();
    bidi.done.get(30, TimeUnit.SECONDS);

    System.out.println("# server stream");
    try (ResponseIterator<GreeterReply> replies =
        cli.greetServerStream(GreeterRequest.newBuilder().setName("server streaming req").build())) {
      System.out.println("parts: " + RustStyle.metadata(replies.headers()));
      while (replies.hasNext()) {
        System.out.println("reply: " + RustStyle.reply(replies.next()));
      }
      System.out.println("trailer: Some(" + RustStyle.metadata(replies.trailers()) + ")");
    }
  }

  private static StreamObserver<GreeterReply> futureObserver(CompletableFuture<GreeterReply> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        f.complete(null);
      }
    };
  }

  /** Prints headers, each reply and the trailers as they arrive, like the guide's client. */
  private static final class PrintingObserver implements ClientResponseObserver<GreeterReply> {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onHeaders(Metadata headers) {
      System.out.println("parts: " + RustStyle.metadata(headers));
    }

    @Override
    public void onNext(GreeterReply value) {
      System.out.println("reply: " + RustStyle.reply(value));
    }

    @Override
    public void onTrailers(Metadata trailers) {
      System.out.println("trailer: Some(" + RustStyle.metadata(trailers) + ")");
    }

    @Override
    public void onError(Throwable t) {
      System.out.println("err: " + t.getMessage());
      done.complete(null);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
