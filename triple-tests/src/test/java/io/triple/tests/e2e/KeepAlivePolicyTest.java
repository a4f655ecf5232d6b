package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ServerContext;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.tests.badinput.RawH2Client;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keepalive PING policy, as grpc-java has it (with laxer server defaults): servers refuse clients
 * that ping too often (GOAWAY too_many_pings), and clients ping only connections with calls in
 * flight unless told otherwise.
 */
@Timeout(60)
class KeepAlivePolicyTest {
  private TripleServer server;

  /** A server whose greet answers with the caller's address: the same address, the same connection. */
  private TripleServer start(UnaryOperator<TripleServer.Builder> policy) {
    server = policy.apply(TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(new Greeter() {
          @Override
          public GreeterReply greet(GreeterRequest request) {
            return GreeterReply.newBuilder()
                .setMessage(String.valueOf(ServerContext.current().remoteAddress())).build();
          }
        }))).build().start();
    return server;
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
  }

  private static String caller(GreeterClient client) throws Exception {
    return client.greet(GreeterRequest.newBuilder().setName("x").build()).getMessage();
  }

  /** Ten PINGs in a row on a connection without calls: the server must close it. */
  private void assertPingsCloseTheConnection(String what) throws Exception {
    try (RawH2Client raw = new RawH2Client(server.port())) {
      for (int i = 0; i < 10 && raw.isOpen(); i++) {
        raw.ping(i);
      }
      assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS), what + " should have closed the connection");
    }
  }

  @Test
  void pingFloodEndsTheConnection() throws Exception {
    start(UnaryOperator.identity());
    assertPingsCloseTheConnection("a PING flood");
  }

  @Test
  void idlePingsCanBeLimitedToOnePerTwoHours() throws Exception {
    start(b -> b.permitKeepAliveTime(Duration.ZERO).permitKeepAliveWithoutCalls(false));
    assertPingsCloseTheConnection("idle PINGs");
  }

  @Test
  void pingsAtThePermittedRateAreFine() throws Exception {
    start(b -> b.permitKeepAliveTime(Duration.ZERO).permitKeepAliveWithoutCalls(true));
    try (RawH2Client raw = new RawH2Client(server.port())) {
      for (int i = 0; i < 10; i++) {
        raw.ping(i);
      }
      RawH2Client.Exchange ok = raw.send(RawH2Client.grpcHeaders("/org.apache.dubbo.sample.tri.Greeter/greet"),
          RawH2Client.frame(GreeterRequest.newBuilder().setName("x").build().toByteArray())).await();
      assertEquals("0", ok.grpcStatus(), ok.grpcMessage());
      assertTrue(raw.isOpen());
    }
  }

  @Test
  void clientDoesNotPingIdleConnectionsByDefault() throws Exception {
    start(UnaryOperator.identity()); // default policy: a PING per 10 s at most
    try (TripleChannel channel = TripleChannel.forAddress("127.0.0.1", server.port())
        .keepAliveTime(Duration.ofMillis(20)).build()) {
      GreeterClient client = GreeterClient.create(channel);
      String first = caller(client);
      Thread.sleep(500); // many keepalive periods with no call in flight
      assertEquals(first, caller(client), "the idle connection should have survived (no PINGs sent)");
    }
  }

  @Test
  void clientPingingTooOftenIsClosedAndCarriesOn() throws Exception {
    start(UnaryOperator.identity());
    try (TripleChannel channel = TripleChannel.forAddress("127.0.0.1", server.port())
        .keepAliveTime(Duration.ofMillis(20)).keepAliveWithoutCalls(true).build()) {
      GreeterClient client = GreeterClient.create(channel);
      String first = caller(client);
      // The server closes the connection after the third early PING; calls go on over a new one.
      // Quiet spells of 500 ms (a call's frames forgive the PINGs before it), until that happened.
      String second = first;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (second.equals(first) && System.nanoTime() < end) {
        Thread.sleep(500);
        second = caller(client);
      }
      assertTrue(!first.equals(second), "expected a new connection after too_many_pings, same: " + first);
    }
  }
}
