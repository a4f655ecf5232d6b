package io.triple.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.inprocess.contract.ContractClient;
import io.triple.inprocess.contract.ContractTriple;
import io.triple.inprocess.contract.Item;
import io.triple.internal.NotSent;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is the in-process transport's own: names, lifecycle, the sender's buffering bound. */
class InProcessServerTest {
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private InProcessServer start(ContractService service) {
    InProcessServer server = InProcessServer.builder(InProcessServer.uniqueName())
        .addService(ContractTriple.bindService(service)).build().start();
    toClose.add(server::shutdownNow);
    return server;
  }

  private ManagedChannel channel(InProcessServer server) {
    ManagedChannel ch = InProcessChannel.forName(server.name()).build();
    toClose.add(ch);
    return ch;
  }

  private static Item item(String text) {
    return Item.newBuilder().setText(text).build();
  }

  @Test
  void channelsForTargetFindsTheServer() {
    InProcessServer server = start(new ContractService());
    try (ContractClient client = ContractClient.create(server.target())) {
      assertEquals("echo hi", client.unary(item("hi")).getText());
    }
  }

  @Test
  void grpcJavasInprocessColonNameSpellingFindsTheServerToo() {
    InProcessServer server = start(new ContractService());
    String target = "inprocess:" + server.target().substring("inprocess://".length());
    try (ContractClient client = ContractClient.create(target)) {
      assertEquals("echo hi", client.unary(item("hi")).getText());
    }
  }

  @Test
  void aNameNoServerRunsUnderIsUnavailableAndNeverSent() {
    try (ManagedChannel ch = InProcessChannel.forName("nobody-" + System.nanoTime()).build()) {
      StatusException e = assertThrows(StatusException.class, () -> ContractClient.create(ch).unary(item("x")));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
      assertTrue(NotSent.isNotSent(e.getStatus()), "safe to send elsewhere: " + e.getStatus());
    }
  }

  @Test
  void anInProcessTargetIsANameAlone() {
    assertThrows(IllegalArgumentException.class, () -> Channels.forTarget("inprocess://name:80"));
    assertThrows(IllegalArgumentException.class, () -> Channels.forTarget("inprocess://name/path"));
  }

  @Test
  void handlersRunOnTheServersExecutor() throws Exception {
    java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newCachedThreadPool(
        r -> new Thread(r, "handler-pool"));
    toClose.add(handlers::shutdownNow);
    CompletableFuture<String> thread = new CompletableFuture<>();
    ContractService service = new ContractService() {
      @Override
      public Item unary(Item request) {
        thread.complete(Thread.currentThread().getName());
        return super.unary(request);
      }
    };
    InProcessServer server = InProcessServer.builder(InProcessServer.uniqueName())
        .addService(ContractTriple.bindService(service)).executor(handlers).build().start();
    toClose.add(server::shutdownNow);
    ContractClient.create(channel(server)).unary(item("x"));
    assertEquals("handler-pool", thread.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aNameServesOneServerAtATime() {
    InProcessServer first = start(new ContractService());
    InProcessServer second = InProcessServer.builder(first.name()).build();
    assertThrows(IllegalStateException.class, second::start);
    first.shutdown();
    InProcessServer third = InProcessServer.builder(first.name()).build().start();
    third.shutdownNow();
  }

  @Test
  void theHandlerSeesTheServersNameAsTheRemoteAddress() {
    ContractService service = new ContractService();
    InProcessServer server = start(service);
    ContractClient.create(channel(server)).unary(item("deadline"));
    assertEquals(new InProcessSocketAddress(server.name()), service.lastContext.remoteAddress());
  }

  @Test
  void shutdownRefusesNewCallsAndLetsCallsInFlightFinish() throws Exception {
    InProcessServer server = start(new ContractService());
    ManagedChannel ch = channel(server);
    TransportContract.Collector out = new TransportContract.Collector();
    ClientCallStreamObserver<Item> in = ContractClient.create(ch).bidi(out);
    in.onNext(item("before"));
    assertEquals("echo before", out.next.poll(10, TimeUnit.SECONDS).getText());

    server.shutdown();
    StatusException refused = assertThrows(StatusException.class, () -> ContractClient.create(ch).unary(item("x")));
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().code());

    in.onNext(item("after"));
    assertEquals("echo after", out.next.poll(10, TimeUnit.SECONDS).getText());
    in.onCompleted();
    assertEquals(null, out.done.get(10, TimeUnit.SECONDS));
    assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
  }

  @Test
  void shutdownNowEndsCallsInFlightOnBothSides() throws Exception {
    ContractService service = new ContractService();
    InProcessServer server = start(service);
    TransportContract.Collector out = new TransportContract.Collector();
    ClientCallStreamObserver<Item> in = ContractClient.create(channel(server)).bidi(out);
    in.onNext(item("x"));
    assertEquals("echo x", out.next.poll(10, TimeUnit.SECONDS).getText());

    server.shutdownNow();
    assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(out.done.get(10, TimeUnit.SECONDS)).code());
    assertTrue(service.cancelled.await(10, TimeUnit.SECONDS), "the handler learns of it");
    assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
  }

  @Test
  void channelShutdownLetsCallsInFlightFinish() throws Exception {
    InProcessServer server = start(new ContractService());
    ManagedChannel ch = InProcessChannel.forName(server.name()).build();
    TransportContract.Collector out = new TransportContract.Collector();
    ClientCallStreamObserver<Item> in = ContractClient.create(ch).bidi(out);
    ch.shutdown();
    assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusException.class,
        () -> ContractClient.create(ch).unary(item("x"))).getStatus().code());
    in.onNext(item("late"));
    in.onCompleted();
    assertEquals(null, out.done.get(10, TimeUnit.SECONDS));
    assertEquals("echo late", out.items.get(0).getText());
    assertTrue(ch.awaitTermination(Duration.ofSeconds(10)));
  }

  @Test
  void channelShutdownNowEndsCallsInFlightOnBothSides() throws Exception {
    ContractService service = new ContractService();
    InProcessServer server = start(service);
    ManagedChannel ch = InProcessChannel.forName(server.name()).build();
    TransportContract.Collector out = new TransportContract.Collector();
    ClientCallStreamObserver<Item> in = ContractClient.create(ch).bidi(out);
    in.onNext(item("x"));
    assertEquals("echo x", out.next.poll(10, TimeUnit.SECONDS).getText());

    ch.shutdownNow();
    assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(out.done.get(10, TimeUnit.SECONDS)).code());
    assertTrue(service.cancelled.await(10, TimeUnit.SECONDS), "the handler learns of it");
    assertTrue(ch.awaitTermination(Duration.ofSeconds(10)));
  }

  @Test
  void everyCallEndsOnceOnBothSidesWhenCancelsRaceTheTraffic() throws Exception {
    InProcessServer server = InProcessServer.builder(InProcessServer.uniqueName())
        .addService(ContractTriple.bindService(new ContractService())).build().start();
    ManagedChannel ch = InProcessChannel.forName(server.name()).build();
    int calls = 200;
    List<TransportContract.Collector> outs = new ArrayList<>();
    List<Thread> cancellers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      TransportContract.Collector out = new TransportContract.Collector();
      outs.add(out);
      ClientCallStreamObserver<Item> in = ContractClient.create(ch).bidi(out);
      in.onNext(item("m" + i));
      // Cancels on another thread while the echo and its callbacks are under way.
      Thread t = new Thread(() -> in.cancel("race", null));
      cancellers.add(t);
      t.start();
    }
    for (Thread t : cancellers) {
      t.join();
    }
    for (TransportContract.Collector out : outs) {
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(out.done.get(10, TimeUnit.SECONDS)).code());
    }
    ch.shutdown();
    server.shutdown();
    assertTrue(ch.awaitTermination(Duration.ofSeconds(10)), "every client side ended");
    assertTrue(server.awaitTermination(Duration.ofSeconds(10)), "every server side ended");
  }

  @Test
  void aCallMadeWhileServingInheritsTheDeadline() {
    InProcessServer inner = start(new ContractService());
    ManagedChannel innerChannel = channel(inner);
    MethodDescriptor<byte[], byte[]> relay =
        MethodDescriptor.of("test.Outer", "relay", MethodType.UNARY, BYTES, BYTES);
    // No timeout of its own: the inner call takes the deadline of the call being served.
    ServiceDefinition outer = ServiceDefinition.builder("test.Outer").addMethod(relay, ServerCalls.unaryCall(req ->
        CompletableFuture.completedFuture(String.valueOf(
            ContractClient.create(innerChannel).unary(item("deadline")).getCount()).getBytes(StandardCharsets.UTF_8))))
        .build();
    InProcessServer server = InProcessServer.builder(InProcessServer.uniqueName()).addService(outer).build().start();
    toClose.add(server::shutdownNow);

    byte[] left = ClientCalls.blockingUnary(channel(server), relay,
        CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)), new byte[0]);
    int ms = Integer.parseInt(new String(left, StandardCharsets.UTF_8));
    assertTrue(ms > 0 && ms <= 20_000, "ms left for the inner call: " + ms);
  }

  // ---- the sender's bound --------------------------------------------------------------------

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
  private static final MethodDescriptor<byte[], byte[]> FLOOD =
      MethodDescriptor.of("test.Flood", "flood", MethodType.SERVER_STREAMING, BYTES, BYTES);

  /**
   * A handler that sends 1 KiB messages while isReady() says yes, and goes on at each onReady,
   * until it has sent {@code total}; {@code stalled} counts down the first time it must wait.
   */
  private static ServiceDefinition flood(int total, AtomicInteger sentBeforeStall, CountDownLatch stalled) {
    return ServiceDefinition.builder("test.Flood").addMethod(FLOOD, (call, headers) -> {
      call.request(1);
      return new Flooder(call, total, sentBeforeStall, stalled);
    }).build();
  }

  private static final class Flooder extends ServerCall.Listener<byte[]> {
    private final ServerCall<byte[], byte[]> call;
    private final int total;
    private final AtomicInteger sentBeforeStall;
    private final CountDownLatch stalled;
    private int sent;

    Flooder(ServerCall<byte[], byte[]> call, int total, AtomicInteger sentBeforeStall, CountDownLatch stalled) {
      this.call = call;
      this.total = total;
      this.sentBeforeStall = sentBeforeStall;
      this.stalled = stalled;
    }

    @Override
    public void onHalfClose() {
      send();
    }

    @Override
    public void onReady() {
      send();
    }

    private void send() {
      while (sent < total && call.isReady()) {
        call.sendMessage(new byte[1024]);
        sent++;
      }
      if (sent == total) {
        call.close(Status.OK, new Metadata());
        sent++;
      } else if (sent < total && stalled.getCount() > 0) {
        sentBeforeStall.set(sent);
        stalled.countDown();
      }
    }
  }

  @Test
  void aSenderStopsBeingReadyAt32KiBUnrequestedAndResumesAsTheReceiverRequests() throws Exception {
    int total = 200; // 200 KiB: far more than the bound
    AtomicInteger sentBeforeStall = new AtomicInteger();
    CountDownLatch stalled = new CountDownLatch(1);
    InProcessServer server = InProcessServer.builder(InProcessServer.uniqueName())
        .addService(flood(total, sentBeforeStall, stalled)).build().start();
    toClose.add(server::shutdownNow);
    ClientCall<byte[], byte[]> call = channel(server).newCall(FLOOD, CallOptions.DEFAULT);
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        received.incrementAndGet();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.sendMessage(new byte[0]);
    call.halfClose();

    assertTrue(stalled.await(10, TimeUnit.SECONDS), "the handler had to wait");
    assertEquals(32, sentBeforeStall.get(), "1 KiB messages queued before isReady() said no");
    assertEquals(0, received.get());

    call.request(total);
    assertEquals(Status.Code.OK, closed.get(10, TimeUnit.SECONDS).code());
    assertEquals(total, received.get());
  }
}
