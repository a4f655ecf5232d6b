package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A channel's connection meters ({@code triple.client.*}) after real calls over 127.0.0.1. */
class ClientConnectionMetersTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TripleMetrics metrics = TripleMetrics.of(registry);
  private TripleServer server;
  private ManagedChannel channel;

  private void start(TripleServer.Builder server) {
    this.server = server.host("127.0.0.1").port(0).addService(EchoService.definition()).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", this.server.port())
        .connectionListener(metrics.clientConnectionListener())
        .build();
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void aChannelsConnectionAndItsBytesAreCountedUntilItShutsDown() throws Exception {
    start(TripleServer.builder());
    // the channel connects on its first call, not when built
    assertEquals(0.0, registry.get("triple.client.connections").counter().count());

    String big = "x".repeat(100_000);
    assertEquals(big, ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, big));
    assertEquals("hi", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    // both calls on the one connection
    assertEquals(1.0, registry.get("triple.client.connections").counter().count());
    assertEquals(1.0, registry.get("triple.client.connections.active").gauge().value());
    assertEquals("grpc", registry.get("triple.client.connections").counter().getId().getTag("rpc.system"));
    // the 100 kB each way, and the HTTP/2 preface, settings and headers around them
    double received = registry.get("triple.client.received").counter().count();
    double sent = registry.get("triple.client.sent").counter().count();
    assertTrue(received > 100_000 && received < 120_000, "received " + received);
    assertTrue(sent > 100_000 && sent < 120_000, "sent " + sent);
    assertEquals("bytes", registry.get("triple.client.received").counter().getId().getBaseUnit());
    // the server was given no listener: the client's meters are the channel's alone
    assertTrue(registry.find("triple.server.connections").counter() == null);

    channel.shutdownNow();
    assertTrue(channel.awaitTermination(java.time.Duration.ofSeconds(10)));
    // the socket's close reaches the listener on the I/O thread, possibly just after termination
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.get("triple.client.connections.active").gauge().value() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0.0, registry.get("triple.client.connections.active").gauge().value());
    assertEquals(1.0, registry.get("triple.client.connections").counter().count());
  }

  @Test
  void aClientThatSendsMoreThanTheServersWindowStallsItsStream() throws Exception {
    // A 64 KiB window the server does not widen, and one 200 kB request message handed to the
    // stream at once: the stream has more to send than the window before the server can return
    // any, a flow-control stall on the client's side.
    start(TripleServer.builder().initialWindowSize(65_535).autoTuneWindow(false));
    String big = "x".repeat(200_000);
    List<String> echoed = EchoService.chat(channel, big, "end");
    assertEquals(List.of(big, "end"), echoed);
    assertTrue(registry.get("triple.client.flow_control.stalls").counter().count() >= 1);
    assertEquals("grpc", registry.get("triple.client.flow_control.stalls").counter().getId().getTag("rpc.system"));
  }

  @Test
  void aUnaryRequestLargerThanTheServersWindowStallsToo() {
    // The request's last DATA carries END_STREAM, but while the window holds it back the stream
    // has not ended: the call waits to send, as the documentation of the meter says.
    start(TripleServer.builder().initialWindowSize(65_535).autoTuneWindow(false));
    String big = "x".repeat(200_000);
    assertEquals(big, ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, big));
    assertTrue(registry.get("triple.client.flow_control.stalls").counter().count() >= 1);
  }

  @Test
  void aUnaryCallThatFitsItsWindowStallsNothing() {
    // Netty marks a stream unwritable once its END_STREAM is written: a stream ended by its own
    // call is not a stall, and is not counted as one.
    start(TripleServer.builder());
    for (int i = 0; i < 3; i++) {
      assertEquals("hi", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
    }
    assertEquals(0.0, registry.get("triple.client.flow_control.stalls").counter().count());
  }

  @Test
  void aResponseLargerThanTheChannelsWindowHoldsTheServerBack() {
    // A channel whose 64 KiB window does not widen: a small answer fits it, a 200 kB one uses it
    // up before the client has taken the message, an inbound stall on the client's side.
    start(TripleServer.builder());
    ManagedChannel narrow = TripleChannel.forAddress("127.0.0.1", server.port())
        .initialWindowSize(65_535).autoTuneWindow(false)
        .connectionListener(metrics.clientConnectionListener())
        .build();
    try {
      assertEquals("hi", ClientCalls.blockingUnary(narrow, EchoService.ECHO, CallOptions.DEFAULT, "hi"));
      assertEquals(0.0, registry.get("triple.client.flow_control.inbound_stalls").counter().count());
      String big = "x".repeat(200_000);
      assertEquals(big, ClientCalls.blockingUnary(narrow, EchoService.ECHO, CallOptions.DEFAULT, big));
      assertTrue(registry.get("triple.client.flow_control.inbound_stalls").counter().count() >= 1);
    } finally {
      narrow.shutdownNow();
    }
  }
}
