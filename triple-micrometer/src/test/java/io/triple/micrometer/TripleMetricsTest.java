package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientInterceptors;
import io.triple.ManagedChannel;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ResponseIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server and client meters after real calls over 127.0.0.1. */
class TripleMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private TripleServer server;
  private ManagedChannel managed;
  private Channel channel;

  @BeforeEach
  void start() {
    start(TripleMetrics.of(registry));
  }

  private void start(TripleMetrics metrics) {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .intercept(metrics.serverInterceptor())
        .connectionListener(metrics.connectionListener())
        .addService(EchoService.definition())
        .build().start();
    managed = TripleChannel.forAddress("127.0.0.1", server.port()).build();
    channel = ClientInterceptors.intercept(managed, metrics.clientInterceptor());
  }

  @AfterEach
  void stop() {
    managed.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void connectionsAndTheirBytesAreCountedUntilTheyClose() throws Exception {
    String big = "x".repeat(100_000);
    assertEquals(big, ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, big));
    assertEquals(1.0, registry.get("triple.server.connections").counter().count());
    assertEquals(1.0, registry.get("triple.server.connections.active").gauge().value());
    assertEquals("grpc", registry.get("triple.server.connections.active").gauge().getId().getTag("rpc.system"));
    // the 100 kB each way, and the HTTP/2 preface, settings and headers around them
    double received = registry.get("triple.server.received").counter().count();
    double sent = registry.get("triple.server.sent").counter().count();
    assertTrue(received > 100_000 && received < 120_000, "received " + received);
    assertTrue(sent > 100_000 && sent < 120_000, "sent " + sent);
    assertEquals("bytes", registry.get("triple.server.sent").counter().getId().getBaseUnit());

    // a second client: two open, two in all; then both gone
    ManagedChannel second = TripleChannel.forAddress("127.0.0.1", server.port()).build();
    assertEquals("hi", ClientCalls.blockingUnary(second, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    assertEquals(2.0, registry.get("triple.server.connections.active").gauge().value());
    second.shutdownNow();
    managed.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.get("triple.server.connections.active").gauge().value() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0.0, registry.get("triple.server.connections.active").gauge().value());
    assertEquals(2.0, registry.get("triple.server.connections").counter().count());
  }

  @Test
  void aClientThatReadsSlowerThanTheServerSendsStallsItsStream() {
    // A 64 KiB window the client does not widen, and 200 kB answered at once: the server's stream
    // runs out of window before the client has read, a flow-control stall.
    ManagedChannel narrow = TripleChannel.forAddress("127.0.0.1", server.port())
        .initialWindowSize(65_535).autoTuneWindow(false).build();
    try {
      String part = "x".repeat(50_000);
      List<String> parts = new ArrayList<>();
      ClientCalls.blockingServerStreaming(narrow, EchoService.SPLIT, CallOptions.DEFAULT,
          String.join(",", part, part, part, part)).forEachRemaining(parts::add);
      assertEquals(4, parts.size());
    } finally {
      narrow.shutdownNow();
    }
    assertTrue(registry.get("triple.server.flow_control.stalls").counter().count() >= 1);

    // a call that fits its window stalls nothing
    double before = registry.get("triple.server.flow_control.stalls").counter().count();
    assertEquals("hi", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    assertEquals(before, registry.get("triple.server.flow_control.stalls").counter().count());
  }

  @Test
  void aHandlerThatTakesLessThanTheClientSendsHoldsTheClientBack() {
    // A server whose 64 KiB window does not widen, and one 200 kB request: the client runs out
    // of the window the server gave it before the server has taken the message, an inbound stall.
    TripleServer narrow = TripleServer.builder().host("127.0.0.1").port(0)
        .initialWindowSize(65_535).autoTuneWindow(false)
        .connectionListener(TripleMetrics.of(registry).connectionListener())
        .addService(EchoService.definition()).build().start();
    ManagedChannel toNarrow = TripleChannel.forAddress("127.0.0.1", narrow.port()).build();
    try {
      assertEquals("hi", ClientCalls.blockingUnary(toNarrow, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
      assertEquals(0.0, registry.get("triple.server.flow_control.inbound_stalls").counter().count(),
          "a call that fits the window holds nothing back");
      String big = "x".repeat(200_000);
      assertEquals(big, ClientCalls.blockingUnary(toNarrow, EchoService.ECHO, CallOptions.DEFAULT, big));
      assertTrue(registry.get("triple.server.flow_control.inbound_stalls").counter().count() >= 1);
    } finally {
      toNarrow.shutdownNow();
      narrow.shutdownNow();
    }
  }

  @Test
  void unaryCallsAreTimedByStatusOnBothSides() {
    for (int i = 0; i < 3; i++) {
      assertEquals("hi", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    }
    assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "no"));

    for (String side : new String[] {"rpc.server", "rpc.client"}) {
      assertEquals(3, timer(side, "echo", "0").count(), side);
      assertEquals(1, timer(side, "fail", "3").count(), side);
      assertEquals(3.0, registry.get(side + ".calls.started").tag("rpc.method", "echo").counter().count(), side);
      assertEquals(0.0, registry.get(side + ".calls.active").tag("rpc.method", "echo").gauge().value(), side);
      var requests = registry.get(side + ".requests_per_rpc").tag("rpc.method", "echo").summary();
      assertEquals(3, requests.count(), side);
      assertEquals(3.0, requests.totalAmount(), side);
      var failed = registry.get(side + ".responses_per_rpc").tag("rpc.method", "fail").summary();
      assertEquals(0.0, failed.totalAmount(), side);
    }
    assertEquals("grpc", timer("rpc.server", "echo", "0").getId().getTag("rpc.system"));
    assertEquals(EchoService.NAME, timer("rpc.server", "echo", "0").getId().getTag("rpc.service"));
  }

  @Test
  void callsRecordTheirMessageBytesOnBothSides() {
    String big = "y".repeat(10_000);
    assertEquals(big, ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, big));
    assertEquals("hi", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    // each message with its 5-byte prefix, uncompressed here: the same on both sides
    for (String side : new String[] {"triple.server.call", "triple.client.call"}) {
      for (String which : new String[] {"request_bytes", "response_bytes"}) {
        var bytes = registry.get(side + "." + which).tag("rpc.method", "echo").summary();
        assertEquals(2, bytes.count(), side + which);
        assertEquals(10_005 + 7, bytes.totalAmount(), side + which);
        assertEquals(10_005, bytes.max(), side + which);
        assertEquals("bytes", bytes.getId().getBaseUnit());
      }
    }
  }

  @Test
  void streamsCountTheirMessages() throws Exception {
    List<String> parts = new ArrayList<>();
    try (ResponseIterator<String> it =
        ClientCalls.blockingServerStreaming(channel, EchoService.SPLIT, CallOptions.DEFAULT, "a,b,c,d")) {
      it.forEachRemaining(parts::add);
    }
    assertEquals(List.of("a", "b", "c", "d"), parts);

    List<String> echoed = EchoService.chat(channel, "m0", "m1", "m2", "m3", "m4");
    assertEquals(5, echoed.size());

    for (String side : new String[] {"rpc.server", "rpc.client"}) {
      assertEquals(1.0, registry.get(side + ".requests_per_rpc").tag("rpc.method", "split").summary().totalAmount());
      assertEquals(4.0, registry.get(side + ".responses_per_rpc").tag("rpc.method", "split").summary().totalAmount());
      assertEquals(5.0, registry.get(side + ".requests_per_rpc").tag("rpc.method", "chat").summary().totalAmount());
      assertEquals(5.0, registry.get(side + ".responses_per_rpc").tag("rpc.method", "chat").summary().totalAmount());
      assertEquals(1, timer(side, "chat", "0").count());
    }
  }

  @Test
  void aDeadlineEndsTheClientsCall() {
    assertThrows(StatusException.class, () -> ClientCalls.blockingUnary(channel, EchoService.HANG,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)), "x"));
    assertEquals(1, timer("rpc.client", "hang", "4").count());
    assertEquals(0.0, registry.get("rpc.client.calls.active").tag("rpc.method", "hang").gauge().value());
  }

  @Test
  void aCancellationEndsTheCallOnBothSides() throws Exception {
    EchoService.hangStarted = new CountDownLatch(1);
    var call = ClientCalls.futureUnary(channel, EchoService.HANG, CallOptions.DEFAULT, "x");
    assertTrue(EchoService.hangStarted.await(30, TimeUnit.SECONDS), "the server got the call");
    assertEquals(1.0, registry.get("rpc.server.calls.active").tag("rpc.method", "hang").gauge().value());
    call.cancel(true);
    // Each side records when it hears of the cancellation, on its own thread: wait for both.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((registry.find("rpc.server.duration").tag("rpc.method", "hang").timer() == null
            || registry.find("rpc.client.duration").tag("rpc.method", "hang").timer() == null)
        && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertEquals(1, timer("rpc.client", "hang", "1").count());
    assertEquals(1, timer("rpc.server", "hang", "1").count());
    assertEquals(0.0, registry.get("rpc.server.calls.active").tag("rpc.method", "hang").gauge().value());
  }

  @Test
  void methodsPastTheLimitFoldIntoOther() {
    stop();
    start(TripleMetrics.builder(registry).maxMethods(1).build());
    ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "a");
    assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "b"));
    // A method the server does not have: the client meters it (UNIMPLEMENTED), the server never sees it.
    assertThrows(StatusException.class, () -> ClientCalls.blockingUnary(channel,
        EchoService.method("nope", io.triple.MethodType.UNARY), CallOptions.DEFAULT, "c"));

    assertEquals(1, timer("rpc.client", "echo", "0").count());
    assertEquals(1, timer("rpc.client", TripleMetrics.OTHER, "3").count());
    assertEquals(1, timer("rpc.client", TripleMetrics.OTHER, "12").count());
    assertEquals(TripleMetrics.OTHER, timer("rpc.client", TripleMetrics.OTHER, "12").getId().getTag("rpc.service"));
    assertEquals(1, timer("rpc.server", TripleMetrics.OTHER, "3").count());
    assertNull(registry.find("rpc.server.duration").tag("rpc.method", "nope").timer());
    assertNull(registry.find("rpc.client.duration").tag("rpc.method", "nope").timer());
  }

  private Timer timer(String side, String method, String code) {
    Timer t = registry.find(side + ".duration").tag("rpc.method", method).tag("rpc.grpc.status_code", code).timer();
    assertNotNull(t, side + " " + method + " " + code + " in " + registry.getMeters().stream()
        .map(m -> m.getId().toString()).toList());
    return t;
  }
}
