package io.triple.tests.interop;

import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_CLIENT_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_SERVER_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.reply;
import static io.triple.tests.interop.GreeterDescriptors.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.triple.ClientResponseObserver;
import io.triple.StatusException;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ResponseIterator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our generated client against a real grpc-java server. */
@Timeout(30)
class TripleClientToGrpcServerTest {
  static final Metadata.Key<String> USER = Metadata.Key.of("x-user", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> DATA_BIN = Metadata.Key.of("x-data-bin", Metadata.BINARY_BYTE_MARSHALLER);
  static final Context.Key<String> USER_CTX = Context.key("user");
  static final Context.Key<byte[]> DATA_CTX = Context.key("data");
  static final byte[] TRAILER_BYTES = {0, 1, (byte) 0xff};
  static final String UNICODE = "bad name: ünïcødé ✓ 100% \n next line";

  static Server server;
  static GreeterClient client;
  static final CountDownLatch sleepCancelled = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GRPC_GREET, ServerCalls.asyncUnaryCall(TripleClientToGrpcServerTest::greet))
        .addMethod(GRPC_GREET_CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(out -> new Collector(out, false)))
        .addMethod(GRPC_GREET_SERVER_STREAM, ServerCalls.asyncServerStreamingCall((req, out) -> {
          for (int i = 1; i <= 3; i++) {
            out.onNext(reply(req.getName() + "-" + i));
          }
          out.onCompleted();
        }))
        .addMethod(GRPC_GREET_STREAM, ServerCalls.asyncBidiStreamingCall(out -> new Collector(out, true)))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, new EchoMetadata()))
        .build().start();
    client = GreeterClient.create("tri://127.0.0.1:" + server.getPort());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    LeakCheck.collectAndReport();
  }

  private static void greet(GreeterRequest req, StreamObserver<GreeterReply> out) {
    switch (req.getName()) {
      case "who" -> {
        byte[] data = DATA_CTX.get();
        out.onNext(reply("user=" + USER_CTX.get() + " data=" + (data == null ? "none" : data.length)));
        out.onCompleted();
      }
      case "unicode" -> out.onError(Status.INVALID_ARGUMENT.withDescription(UNICODE).asRuntimeException());
      case "details" -> out.onError(io.grpc.protobuf.StatusProto.toStatusRuntimeException(TripleGreeterService.DETAILS));
      case "sleep" -> {
        Context.current().addListener(c -> sleepCancelled.countDown(), Runnable::run);
        // never answers; the client's deadline ends it
      }
      default -> {
        out.onNext(reply("Hello " + req.getName()));
        out.onCompleted();
      }
    }
  }

  /** Client streaming: one joined reply at the end; bidi: one echo per request. */
  static final class Collector implements StreamObserver<GreeterRequest> {
    private final StreamObserver<GreeterReply> out;
    private final boolean echo;
    private final List<String> names = new ArrayList<>();

    Collector(StreamObserver<GreeterReply> out, boolean echo) {
      this.out = out;
      this.echo = echo;
    }

    @Override
    public void onNext(GreeterRequest value) {
      if (echo) {
        out.onNext(reply("echo " + value.getName()));
      } else {
        names.add(value.getName());
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      if (!echo) {
        out.onNext(reply(String.join(",", names)));
      }
      out.onCompleted();
    }
  }

  /** Puts request metadata in the context; sends a response header and text + binary trailers. */
  static final class EchoMetadata implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      Context ctx = Context.current().withValue(USER_CTX, headers.get(USER)).withValue(DATA_CTX, headers.get(DATA_BIN));
      ServerCall<ReqT, RespT> wrapped = new SimpleForwardingServerCall<>(call) {
        @Override
        public void sendHeaders(Metadata h) {
          h.put(Metadata.Key.of("x-resp-header", Metadata.ASCII_STRING_MARSHALLER), "h1");
          super.sendHeaders(h);
        }

        @Override
        public void close(Status status, Metadata trailers) {
          trailers.put(Metadata.Key.of("x-resp-trailer", Metadata.ASCII_STRING_MARSHALLER), "t1");
          trailers.put(Metadata.Key.of("x-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER), TRAILER_BYTES);
          super.close(status, trailers);
        }
      };
      return Contexts.interceptCall(ctx, wrapped, headers, next);
    }
  }

  @Test
  void unaryBlockingAndAsync() throws Exception {
    assertEquals("Hello a", client.greet(request("a")).getMessage());
    assertEquals("Hello b", client.greetAsync(request("b")).get(10, TimeUnit.SECONDS).getMessage());
  }

  @Test
  void requestMetadataReachesGrpcJava() {
    io.triple.Metadata md = new io.triple.Metadata().add("x-user", "alice").addBinary("x-data-bin", new byte[7]);
    assertEquals("user=alice data=7", client.withMetadata(md).greet(request("who")).getMessage());
  }

  @Test
  void responseHeadersAndTrailersOfEveryKindReachUs() throws Exception {
    // unary
    Recorder unary = new Recorder();
    client.greet(request("x"), unary);
    unary.await();
    unary.assertHeadersAndTrailers();
    // server streaming
    Recorder ss = new Recorder();
    client.greetServerStream(request("s"), ss);
    assertEquals(List.of("s-1", "s-2", "s-3"), ss.await());
    ss.assertHeadersAndTrailers();
    // client streaming
    Recorder cs = new Recorder();
    ClientCallStreamObserver<GreeterRequest> up = client.greetClientStream(cs);
    up.onNext(request("a"));
    up.onNext(request("b"));
    up.onCompleted();
    assertEquals(List.of("a,b"), cs.await());
    cs.assertHeadersAndTrailers();
    // bidi
    Recorder bidi = new Recorder();
    ClientCallStreamObserver<GreeterRequest> both = client.greetStream(bidi);
    both.onNext(request("1"));
    both.onNext(request("2"));
    both.onCompleted();
    assertEquals(List.of("echo 1", "echo 2"), bidi.await());
    bidi.assertHeadersAndTrailers();
  }

  @Test
  void blockingServerStreamIterator() {
    List<String> got = new ArrayList<>();
    try (ResponseIterator<GreeterReply> it = client.greetServerStream(request("it"))) {
      it.forEachRemaining(r -> got.add(r.getMessage()));
    }
    assertEquals(List.of("it-1", "it-2", "it-3"), got);
  }

  @Test
  void grpcJavaStatusAndUnicodeMessageArriveIntact() {
    StatusException e = assertThrows(StatusException.class, () -> client.greet(request("unicode")));
    assertEquals(io.triple.Status.Code.INVALID_ARGUMENT, e.getStatus().code());
    assertEquals(UNICODE, e.getStatus().description());
    assertEquals("t1", e.getTrailers().get("x-resp-trailer"));
  }

  @Test
  void richErrorDetailsFromGrpcJavaReadByOurStatusProto() {
    StatusException e = assertThrows(StatusException.class, () -> client.greet(request("details")));
    assertEquals(io.triple.Status.Code.INVALID_ARGUMENT, e.getStatus().code());
    assertEquals("name is invalid", e.getStatus().description());
    assertEquals(TripleGreeterService.DETAILS, io.triple.protobuf.StatusProto.fromThrowable(e));
  }

  @Test
  void deadlineIsSentAndCancelsTheGrpcJavaHandler() throws Exception {
    StatusException e = assertThrows(StatusException.class,
        () -> client.withTimeout(Duration.ofMillis(300)).greet(request("sleep")));
    assertEquals(io.triple.Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
    assertTrue(sleepCancelled.await(10, TimeUnit.SECONDS), "grpc-java's context was never cancelled");
  }

  @Test
  void unknownMethodIsUnimplemented() {
    io.triple.MethodDescriptor<GreeterRequest, GreeterReply> missing =
        GreeterDescriptors.triple("noSuchMethod", io.triple.MethodType.UNARY);
    StatusException e = assertThrows(StatusException.class,
        () -> io.triple.stub.ClientCalls.blockingUnary(client.getChannel(), missing, io.triple.CallOptions.DEFAULT, request("x")));
    assertEquals(io.triple.Status.Code.UNIMPLEMENTED, e.getStatus().code());
  }

  @Test
  void gzipRequestsAreUnderstoodByGrpcJava() {
    GreeterClient gz = client.withCallOptions(client.getCallOptions().withCompression("gzip"));
    assertEquals("Hello " + "z".repeat(5000), gz.greet(request("z".repeat(5000))).getMessage());
  }

  /**
   * A gzip client stream of small messages (batched several to a DATA frame after compression)
   * and, every tenth, one that stays over 4 KiB compressed (sent in a buffer of its own):
   * grpc-java must read them all, in order.
   */
  @Test
  void gzipClientStreamOfSmallAndLargeMessagesReachesGrpcJavaInOrder() throws Exception {
    GreeterClient gz = client.withCallOptions(client.getCallOptions().withCompression("gzip"));
    java.util.Random random = new java.util.Random(7);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      if (i % 10 == 9) {
        StringBuilder b = new StringBuilder("big" + i + ":");
        for (int k = 0; k < 12_000; k++) {
          b.append((char) ('a' + random.nextInt(26))); // random letters: ~7 KiB gzipped
        }
        names.add(b.toString());
      } else {
        names.add("m" + i);
      }
    }
    Recorder cs = new Recorder();
    ClientCallStreamObserver<GreeterRequest> up = gz.greetClientStream(cs);
    for (String name : names) {
      up.onNext(request(name));
    }
    up.onCompleted();
    assertEquals(List.of(String.join(",", names)), cs.await());
  }

  /** Records messages, headers and trailers of one call. */
  static final class Recorder implements ClientResponseObserver<GreeterReply> {
    final List<String> got = new ArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();
    volatile io.triple.Metadata headers;
    volatile io.triple.Metadata trailers;

    @Override
    public void onHeaders(io.triple.Metadata h) {
      headers = h;
    }

    @Override
    public void onTrailers(io.triple.Metadata t) {
      trailers = t;
    }

    @Override
    public synchronized void onNext(GreeterReply value) {
      got.add(value.getMessage());
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(List.copyOf(got));
    }

    List<String> await() throws Exception {
      return done.get(10, TimeUnit.SECONDS);
    }

    void assertHeadersAndTrailers() {
      assertEquals("h1", headers.get("x-resp-header"), "headers " + headers);
      assertEquals("0", trailers.get("grpc-status"), "trailers " + trailers);
      assertEquals("t1", trailers.get("x-resp-trailer"), "trailers " + trailers);
      assertArrayEquals(TRAILER_BYTES, trailers.getBinary("x-trailer-bin"));
    }
  }
}
