package io.triple.inprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.ForwardingServerCall;
import io.triple.ManagedChannel;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.inprocess.contract.ContractClient;
import io.triple.inprocess.contract.ContractTriple;
import io.triple.inprocess.contract.Item;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ClientCalls;
import io.triple.stub.ResponseIterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a transport must do, the same cases for each (a subclass per transport): the in-process
 * transport passes them only if it behaves as the network one does. Each case serves a
 * {@link ContractService} and calls it through a generated client or a raw {@link ClientCall}.
 */
abstract class TransportContract {
  /** Limits for the server and the channel of one case. */
  record Limits(int serverMaxInbound, int clientMaxInbound) {
    static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 4 * 1024 * 1024);
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private ExecutorService callbackExecutor;

  /** Serves {@code service} (server interceptors in order) and returns a channel to it. */
  abstract ManagedChannel serve(ServiceDefinition service, List<ServerInterceptor> interceptors, Limits limits);

  /** Stops what {@link #serve} started. */
  abstract void stopServer() throws Exception;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    stopServer();
    if (callbackExecutor != null) {
      callbackExecutor.shutdownNow();
    }
  }

  private ManagedChannel channel(ContractService service, Limits limits, ServerInterceptor... interceptors) {
    ManagedChannel ch = serve(ContractTriple.bindService(service), List.of(interceptors), limits);
    toClose.add(ch);
    return ch;
  }

  private ContractClient client(ContractService service) {
    return ContractClient.create(channel(service, Limits.DEFAULT));
  }

  private static Item item(String text) {
    return Item.newBuilder().setText(text).build();
  }

  private static StatusException failure(Runnable call) {
    return assertThrows(StatusException.class, call::run);
  }

  // ---- the four kinds of call ----------------------------------------------------------------

  @Test
  void unary() {
    assertEquals("echo hi", client(new ContractService()).unary(item("hi")).getText());
  }

  @Test
  void serverStreaming() {
    ResponseIterator<Item> it = client(new ContractService())
        .serverStream(Item.newBuilder().setText("s").setCount(5).build());
    List<Integer> counts = new ArrayList<>();
    it.forEachRemaining(i -> counts.add(i.getCount()));
    assertEquals(List.of(0, 1, 2, 3, 4), counts);
  }

  @Test
  void anErrorAfterMessagesArrivesAfterThem() throws Exception {
    Collector out = new Collector();
    client(new ContractService()).serverStream(Item.newBuilder().setText("then-fail").setCount(3).build(), out);
    Status status = Status.fromThrowable(out.done.get(10, TimeUnit.SECONDS));
    assertEquals(Status.Code.ABORTED, status.code());
    assertEquals("gave up after 3", status.description());
    assertEquals(List.of(0, 1, 2), out.items.stream().map(Item::getCount).toList());
  }

  @Test
  void clientStreaming() throws Exception {
    Collector out = new Collector();
    ClientCallStreamObserver<Item> in = client(new ContractService()).clientStream(out);
    in.onNext(item("a"));
    in.onNext(item("b"));
    in.onNext(item("c"));
    in.onCompleted();
    assertNull(out.done.get(10, TimeUnit.SECONDS));
    assertEquals("abc", out.items.get(0).getText());
    assertEquals(3, out.items.get(0).getCount());
  }

  @Test
  void bidiStreaming() throws Exception {
    Collector out = new Collector();
    ClientCallStreamObserver<Item> in = client(new ContractService()).bidi(out);
    for (String s : List.of("x", "y", "z")) {
      in.onNext(item(s));
    }
    in.onCompleted();
    assertNull(out.done.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("echo x", "echo y", "echo z"), out.items.stream().map(Item::getText).toList());
  }

  // ---- bytes per call ------------------------------------------------------------------------

  @Test
  void callsCountTheirMessageBytesOnBothSides() {
    // What meters read (triple-micrometer's per-call bytes): each message with its 5-byte prefix,
    // the same on both ends of the call, read when the call ends.
    long[] server = new long[2];
    ServerInterceptor serverSide = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        return next.startCall(new ForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            server[0] = wireBytesReceived();
            server[1] = wireBytesSent();
            super.close(status, trailers);
          }
        }, headers);
      }
    };
    long[] client = new long[2];
    ClientInterceptor clientSide = new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
          MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        return new ForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(ClientCall.Listener<RespT> listener, Metadata headers) {
            ClientCall<ReqT, RespT> self = this;
            super.start(new ForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata t) {
                client[0] = self.wireBytesSent();
                client[1] = self.wireBytesReceived();
                super.onClose(status, t);
              }
            }, headers);
          }
        };
      }
    };
    Channel ch = ClientInterceptors.intercept(channel(new ContractService(), Limits.DEFAULT, serverSide), clientSide);
    Item request = Item.newBuilder().setText("bytes").setCount(3).build();
    List<Item> replies = new ArrayList<>();
    ContractClient.create(ch).serverStream(request).forEachRemaining(replies::add);

    assertEquals(3, replies.size());
    long requestBytes = request.getSerializedSize() + 5;
    long responseBytes = replies.stream().mapToLong(r -> r.getSerializedSize() + 5).sum();
    assertEquals(requestBytes, server[0], "server: request bytes received");
    assertEquals(responseBytes, server[1], "server: response bytes sent");
    assertEquals(requestBytes, client[0], "client: request bytes sent");
    assertEquals(responseBytes, client[1], "client: response bytes received");
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void metadataBothWaysThroughInterceptorsOnBothSides() {
    // Server side: an interceptor adds a response header to every call.
    ServerInterceptor addsHeader = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        return next.startCall(new ForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata h) {
            h.add("x-intercepted", headers.get("x-token") + "!");
            super.sendHeaders(h);
          }
        }, headers);
      }
    };
    // Client side: an interceptor adds a header and records what comes back.
    AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    ClientInterceptor records = new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
          MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        return new ForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(ClientCall.Listener<RespT> listener, Metadata headers) {
            headers.add("x-token", "abc");
            super.start(new ForwardingClientCallListener<>(listener) {
              @Override
              public void onHeaders(Metadata h) {
                responseHeaders.set(h);
                super.onHeaders(h);
              }

              @Override
              public void onClose(Status status, Metadata t) {
                trailers.set(t);
                super.onClose(status, t);
              }
            }, headers);
          }
        };
      }
    };
    Channel ch = ClientInterceptors.intercept(channel(new ContractService(), Limits.DEFAULT, addsHeader), records);
    byte[] binary = {0, (byte) 0x80, (byte) 0xff, 42};
    Metadata md = new Metadata();
    md.addBinary("x-data-bin", binary);
    md.add("grpc-timeout", "1n"); // the transport's own name: not sent
    md.add("userId", "7"); // Dubbo's mixed-case keys keep their spelling
    ContractClient client = ContractClient.create(ch).withMetadata(md);

    assertEquals("metadata", client.unary(item("metadata")).getText());

    assertEquals("abc", responseHeaders.get().get("x-echo"));
    assertEquals("abc!", responseHeaders.get().get("x-intercepted"));
    assertArrayEquals(binary, trailers.get().getBinary("x-echo-bin"));
    assertEquals("true", trailers.get().get("x-user-agent-seen"));
    assertEquals("0", trailers.get().get("grpc-status"));
    assertEquals("userId", trailers.get().get("x-spelling"));
  }

  @Test
  void errorStatusWithDescriptionAndTrailers() {
    StatusException e = failure(() -> client(new ContractService()).unary(item("status")));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().code());
    assertEquals("bad state: 100% sure", e.getStatus().description());
    assertEquals("because", e.getTrailers().get("x-reason"));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, e.getTrailers().getBinary("x-detail-bin"));
  }

  @Test
  void handlerExceptionIsUnknownWithoutItsMessageOrCause() {
    StatusException e = failure(() -> client(new ContractService()).unary(item("fail")));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("IllegalStateException"), e.getStatus().description());
    assertFalse(e.getStatus().description().contains("secret"), e.getStatus().description());
    for (Throwable c = e; c != null; c = c.getCause()) {
      assertFalse(c instanceof IllegalStateException, "the server's exception stays on the server: " + c);
    }
  }

  /** A server interceptor that fails every call's start: with {@code e}. */
  private static ServerInterceptor failingAtStart(RuntimeException e) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        throw e;
      }
    };
  }

  @Test
  void anInterceptorsExceptionAtStartIsUnknownWithoutItsMessage() {
    ContractClient c = ContractClient.create(channel(new ContractService(), Limits.DEFAULT,
        failingAtStart(new IllegalStateException("secret: db password"))));
    StatusException e = failure(() -> c.unary(item("x")));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("IllegalStateException"), e.getStatus().description());
    assertFalse(e.getStatus().description().contains("secret"), e.getStatus().description());
  }

  @Test
  void anInterceptorsStatusExceptionAtStartIsItsStatus() {
    Metadata trailers = new Metadata();
    trailers.put("x-why", "no token");
    ContractClient c = ContractClient.create(channel(new ContractService(), Limits.DEFAULT,
        failingAtStart(Status.UNAUTHENTICATED.withDescription("token missing").asException(trailers))));
    StatusException e = failure(() -> c.unary(item("x")));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().code());
    assertEquals("token missing", e.getStatus().description());
    assertEquals("no token", e.getTrailers().get("x-why"));
  }

  @Test
  void unknownMethodIsATrailersOnlyUnimplemented() throws Exception {
    MethodDescriptor<Item, Item> served = ContractTriple.UNARY_METHOD;
    MethodDescriptor<Item, Item> missing = MethodDescriptor.of(served.serviceName(), "missing", MethodType.UNARY,
        served.requestMarshaller(), served.responseMarshaller());
    ManagedChannel ch = channel(new ContractService(), Limits.DEFAULT);
    AtomicInteger headers = new AtomicInteger();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    ClientCall<Item, Item> call = ch.newCall(missing, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata h) {
        headers.incrementAndGet();
      }

      @Override
      public void onClose(Status status, Metadata t) {
        trailers.set(t);
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(item("x"));
    call.halfClose();
    Status status = closed.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNIMPLEMENTED, status.code());
    assertEquals("Method not found: triple.inprocess.contract.Contract/missing", status.description());
    assertEquals(0, headers.get(), "a trailers-only answer has no headers");
    assertEquals("12", trailers.get().get("grpc-status"));
  }

  // ---- deadlines and cancellation ------------------------------------------------------------

  @Test
  void deadlineExceededOnBothSides() throws Exception {
    ContractService service = new ContractService();
    ContractClient client = client(service).withTimeout(Duration.ofMillis(300));
    StatusException e = failure(() -> client.unary(item("sleep")));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
    assertTrue(service.cancelled.await(10, TimeUnit.SECONDS), "the handler learns of the deadline");
    assertNotNull(service.lastContext.deadline(), "the server knows the deadline");
    assertTrue(service.lastContext.isCancelled());
  }

  @Test
  void remainingTimeReachesTheServer() {
    Item reply = client(new ContractService()).withTimeout(Duration.ofSeconds(20)).unary(item("deadline"));
    assertTrue(reply.getCount() > 0 && reply.getCount() <= 20_000, "ms left on the server: " + reply.getCount());
  }

  @Test
  void clientCancelIsSeenByTheServer() throws Exception {
    ContractService service = new ContractService();
    Collector out = new Collector();
    ClientCallStreamObserver<Item> in = client(service).bidi(out);
    in.onNext(item("first"));
    assertEquals("echo first", out.next.poll(10, TimeUnit.SECONDS).getText());
    in.cancel("user gave up", null);
    assertTrue(service.cancelled.await(10, TimeUnit.SECONDS), "the handler learns of the cancellation");
    Throwable t = out.done.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(t).code());
  }

  // ---- flow control --------------------------------------------------------------------------

  @Test
  void serverStreamIsDeliveredOneMessagePerRequest() throws Exception {
    ContractService service = new ContractService();
    ManagedChannel ch = channel(service, Limits.DEFAULT);
    int n = 20;
    AtomicInteger requested = new AtomicInteger();
    AtomicInteger overDelivered = new AtomicInteger();
    BlockingQueue<Item> messages = new LinkedBlockingQueue<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<Item, Item> call = ch.newCall(ContractTriple.SERVER_STREAM_METHOD, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      int received;

      @Override
      public void onMessage(Item message) {
        if (++received > requested.get()) {
          overDelivered.incrementAndGet();
        }
        messages.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.sendMessage(Item.newBuilder().setText("m").setCount(n).build());
    call.halfClose();
    // The server has sent everything (and its status) before the client asks for anything.
    assertTrue(service.streamSent.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < n; i++) {
      assertFalse(closed.isDone(), "the status waits for the messages sent before it");
      requested.incrementAndGet();
      call.request(1);
      assertEquals(i, messages.poll(10, TimeUnit.SECONDS).getCount());
    }
    assertEquals(Status.Code.OK, closed.get(10, TimeUnit.SECONDS).code());
    assertEquals(0, overDelivered.get(), "messages beyond those requested");
    assertTrue(messages.isEmpty());
  }

  private static final Marshaller<byte[]> BYTES = new Marshaller<>() {
    @Override
    public void serialize(byte[] value, OutputStream out) throws IOException {
      out.write(value);
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      return in.readAllBytes();
    }
  };

  @Test
  void clientStreamIsDeliveredOneMessagePerServerRequest() throws Exception {
    MethodDescriptor<byte[], byte[]> sink = MethodDescriptor.of("test.Sink", "sink", MethodType.CLIENT_STREAMING, BYTES, BYTES);
    int n = 20;
    AtomicInteger requested = new AtomicInteger();
    AtomicInteger overDelivered = new AtomicInteger();
    BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    CompletableFuture<ServerCall<byte[], byte[]>> serverCall = new CompletableFuture<>();
    // A handler that asks for nothing itself: the test asks, one message at a time.
    ServiceDefinition service = ServiceDefinition.builder("test.Sink").addMethod(sink, (call, headers) -> {
      serverCall.complete(call);
      return new ServerCall.Listener<byte[]>() {
        int count;

        @Override
        public void onMessage(byte[] message) {
          if (++count > requested.get()) {
            overDelivered.incrementAndGet();
          }
          received.add(message);
        }

        @Override
        public void onHalfClose() {
          call.sendMessage(new byte[] {(byte) count});
          call.close(Status.OK, new Metadata());
        }
      };
    }).build();
    ManagedChannel ch = serve(service, List.of(), Limits.DEFAULT);
    toClose.add(ch);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicReference<byte[]> reply = new AtomicReference<>();
    ClientCall<byte[], byte[]> call = ch.newCall(sink, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        reply.set(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    for (int i = 0; i < n; i++) {
      call.sendMessage(new byte[] {(byte) i});
    }
    call.halfClose();
    ServerCall<byte[], byte[]> server = serverCall.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < n; i++) {
      requested.incrementAndGet();
      server.request(1);
      assertEquals(i, received.poll(10, TimeUnit.SECONDS)[0]);
    }
    assertEquals(Status.Code.OK, closed.get(10, TimeUnit.SECONDS).code());
    assertEquals(n, reply.get()[0], "the handler saw every message, then the half-close");
    assertEquals(0, overDelivered.get(), "messages beyond those requested");
  }

  // ---- limits and marshalling ----------------------------------------------------------------

  @Test
  void requestOverTheServersLimitIsResourceExhausted() {
    ContractClient client = ContractClient.create(channel(new ContractService(), new Limits(1024, 4 << 20)));
    Item big = Item.newBuilder().setPayload(ByteString.copyFrom(new byte[4096])).build();
    StatusException e = failure(() -> client.unary(big));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code());
    assertEquals("echo ", client.unary(Item.newBuilder().setPayload(ByteString.copyFrom(new byte[100])).build())
        .getText(), "the next call goes through");
  }

  @Test
  void responseOverTheClientsLimitIsResourceExhausted() {
    ContractClient client = ContractClient.create(channel(new ContractService(), new Limits(4 << 20, 1024)));
    StatusException e = failure(() -> client.unary(Item.newBuilder().setText("big").setCount(4096).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code());
  }

  @Test
  void responsesGoThroughTheClientsMarshaller() {
    Marshaller<Item> broken = new Marshaller<>() {
      @Override
      public void serialize(Item value, OutputStream out) throws IOException {
        value.writeTo(out);
      }

      @Override
      public Item parse(InputStream in) throws IOException {
        throw new IOException("cannot read " + in.readAllBytes().length + " bytes");
      }
    };
    MethodDescriptor<Item, Item> unary = ContractTriple.UNARY_METHOD;
    MethodDescriptor<Item, Item> brokenReplies = MethodDescriptor.of(unary.serviceName(), unary.methodName(),
        MethodType.UNARY, unary.requestMarshaller(), broken);
    ManagedChannel ch = channel(new ContractService(), Limits.DEFAULT);
    StatusException e = failure(() -> ClientCalls.blockingUnary(ch, brokenReplies, CallOptions.DEFAULT, item("x")));
    assertEquals(Status.Code.INTERNAL, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("Invalid message: cannot read 8 bytes"), e.getStatus().description());
  }

  // ---- executors -----------------------------------------------------------------------------

  @Test
  void callbacksRunOnTheCallOptionsExecutor() throws Exception {
    AtomicInteger threads = new AtomicInteger();
    callbackExecutor = Executors.newCachedThreadPool(r -> new Thread(r, "contract-callback-" + threads.incrementAndGet()));
    ManagedChannel ch = channel(new ContractService(), Limits.DEFAULT);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<Item, Item> call = ch.newCall(ContractTriple.UNARY_METHOD, CallOptions.DEFAULT.withExecutor(callbackExecutor));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata headers) {
        seen.add(Thread.currentThread().getName());
      }

      @Override
      public void onMessage(Item message) {
        seen.add(Thread.currentThread().getName());
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        seen.add(Thread.currentThread().getName());
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(item("e"));
    call.halfClose();
    assertEquals(Status.Code.OK, closed.get(10, TimeUnit.SECONDS).code());
    assertEquals(3, seen.size());
    for (String name : seen) {
      assertTrue(name.startsWith("contract-callback-"), name);
    }
  }

  /** Collects a response stream. */
  static final class Collector implements StreamObserver<Item> {
    final List<Item> items = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<Item> next = new LinkedBlockingQueue<>();
    /** Completes with null on success, the error otherwise. */
    final CompletableFuture<Throwable> done = new CompletableFuture<>();

    @Override
    public void onNext(Item value) {
      items.add(value);
      next.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.complete(t);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
