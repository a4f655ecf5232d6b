package io.triple.tests.interop;

import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_CLIENT_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_SERVER_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.GRPC_GREET_STREAM;
import static io.triple.tests.interop.GreeterDescriptors.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.triple.server.TripleServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real grpc-java client against our {@link TripleServer}. */
@Timeout(30)
class GrpcClientToTripleServerTest {
  static final int MAX_INBOUND = 1024;
  /**
   * Long enough for the handler to have started even on a loaded CI machine (a call cancelled
   * before its handler runs never reaches it), short enough to keep the suite quick.
   */
  static final long HANDLER_DEADLINE_MS = 1500;

  static TripleGreeterService service;
  static TripleServer server;
  static ManagedChannel channel;

  @BeforeAll
  static void start() {
    service = new TripleGreeterService();
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .maxInboundMessageSize(MAX_INBOUND)
        .addService(service.definition())
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow();
    server.awaitTermination(java.time.Duration.ofSeconds(5));
    LeakCheck.collectAndReport();
  }

  @Test
  void unary() {
    GreeterReply r = ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT, request("grpc"));
    assertEquals("Hello grpc", r.getMessage());
  }

  @Test
  void clientStreamOfThree() throws Exception {
    Recorder rec = new Recorder();
    StreamObserver<GreeterRequest> req =
        ClientCalls.asyncClientStreamingCall(channel.newCall(GRPC_GREET_CLIENT_STREAM, CallOptions.DEFAULT), rec);
    req.onNext(request("a"));
    req.onNext(request("b"));
    req.onNext(request("c"));
    req.onCompleted();
    assertEquals(List.of("a,b,c"), rec.done.get(10, TimeUnit.SECONDS));
  }

  @Test
  void serverStreamOfThree() {
    Iterator<GreeterReply> it =
        ClientCalls.blockingServerStreamingCall(channel, GRPC_GREET_SERVER_STREAM, CallOptions.DEFAULT, request("s"));
    List<String> got = new ArrayList<>();
    it.forEachRemaining(r -> got.add(r.getMessage()));
    assertEquals(List.of("s-1", "s-2", "s-3"), got);
  }

  @Test
  void bidiEchoOfThree() throws Exception {
    Recorder rec = new Recorder();
    StreamObserver<GreeterRequest> req =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(GRPC_GREET_STREAM, CallOptions.DEFAULT), rec);
    req.onNext(request("1"));
    req.onNext(request("2"));
    req.onNext(request("3"));
    req.onCompleted();
    assertEquals(List.of("echo 1", "echo 2", "echo 3"), rec.done.get(10, TimeUnit.SECONDS));
  }

  @Test
  void metadataBothWays() {
    Metadata md = new Metadata();
    Metadata.Key<String> multi = Metadata.Key.of("x-multi", Metadata.ASCII_STRING_MARSHALLER);
    md.put(multi, "v1");
    md.put(multi, "v2");
    md.put(Metadata.Key.of("x-data-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1, 2, (byte) 0xfe});
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Channel ch = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(md),
        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

    GreeterReply r = ClientCalls.blockingUnaryCall(ch, GRPC_GREET, CallOptions.DEFAULT, request("meta"));

    assertEquals("multi=v1|v2 bin=[1, 2, -2]", r.getMessage());
    assertNotNull(headers.get());
    assertEquals("h1", headers.get().get(Metadata.Key.of("x-resp-header", Metadata.ASCII_STRING_MARSHALLER)));
    assertEquals("t1", trailers.get().get(Metadata.Key.of("x-resp-trailer", Metadata.ASCII_STRING_MARSHALLER)));
    assertArrayEquals(TripleGreeterService.BIN_TRAILER,
        trailers.get().get(Metadata.Key.of("x-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER)));
  }

  @Test
  void unicodeErrorMessageArrivesIntact() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT, request("unicode")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(TripleGreeterService.UNICODE_MESSAGE, e.getStatus().getDescription());
  }

  @Test
  void richErrorDetailsReadByGrpcJavasStatusProto() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT, request("details")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(TripleGreeterService.DETAILS, io.grpc.protobuf.StatusProto.fromThrowable(e));
  }

  @Test
  void handlerExceptionIsUnknownWithoutStackTrace() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT, request("boom")));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
    String d = String.valueOf(e.getStatus().getDescription());
    assertFalse(d.contains("\tat ") || d.contains("at io.triple") || d.contains("\n"), d);
  }

  @Test
  void unknownMethodAndServiceAreUnimplemented() {
    StatusRuntimeException m = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel,
            GreeterDescriptors.grpc("noSuchMethod", io.grpc.MethodDescriptor.MethodType.UNARY),
            CallOptions.DEFAULT, request("x")));
    assertEquals(Status.Code.UNIMPLEMENTED, m.getStatus().getCode());
    StatusRuntimeException s = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel,
            GreeterDescriptors.grpc("no.such.Service", "greet", io.grpc.MethodDescriptor.MethodType.UNARY),
            CallOptions.DEFAULT, request("x")));
    assertEquals(Status.Code.UNIMPLEMENTED, s.getStatus().getCode());
  }

  @Test
  void oversizeRequestIsResourceExhaustedAndChannelStillWorks() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT,
            request("x".repeat(MAX_INBOUND * 2))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    // same channel, same connection
    assertEquals("Hello again",
        ClientCalls.blockingUnaryCall(channel, GRPC_GREET, CallOptions.DEFAULT, request("again")).getMessage());
  }

  @Test
  void deadlineCancelsSleepingHandler() throws Exception {
    callPastDeadlineOnceTheHandlerRuns("sleep", service.sleepStarted);
    assertTrue(service.sleepCancelled.await(10, TimeUnit.SECONDS), "handler never saw isCancelled()");
  }

  @Test
  void deadlineRunsCancellationListener() throws Exception {
    callPastDeadlineOnceTheHandlerRuns("hang", service.hangStarted);
    assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS), "cancellation listener never ran");
  }

  /**
   * Calls {@code name} with a deadline the handler cannot meet, each call ending
   * DEADLINE_EXCEEDED, until one has reached the handler ({@code started}). The first deadline
   * almost always does; on a machine loaded enough (CI beside other builds) it can pass before the
   * server dispatches the call, and then the server rightly runs no handler at all, which is not
   * what these tests are about: so the deadline grows and the call is made again.
   */
  private void callPastDeadlineOnceTheHandlerRuns(String name, java.util.concurrent.CountDownLatch started)
      throws InterruptedException {
    for (long ms = HANDLER_DEADLINE_MS; ms <= 16 * HANDLER_DEADLINE_MS; ms *= 4) {
      long deadlineMs = ms;
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, GRPC_GREET,
              CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS), request(name)));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
      if (started.await(1, TimeUnit.SECONDS)) {
        return;
      }
    }
    throw new AssertionError("the '" + name + "' handler never started, even with a " + 16 * HANDLER_DEADLINE_MS + " ms deadline");
  }

  /** Collects responses; completes with them on onCompleted, exceptionally on onError. */
  static final class Recorder implements StreamObserver<GreeterReply> {
    final List<String> got = new ArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(GreeterReply value) {
      got.add(value.getMessage());
    }

    @Override
    public synchronized void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(List.copyOf(got));
    }
  }
}
