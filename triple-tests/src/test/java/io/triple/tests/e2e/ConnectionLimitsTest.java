package io.triple.tests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ServiceDefinition;
import io.triple.server.TripleServer;
import io.triple.stub.ServerCalls;
import io.triple.tests.badinput.RawH2Client;
import io.triple.tests.interop.GreeterDescriptors;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's maxConnectionIdle and maxConnectionAge (grpc-java's options of the same names). */
@Timeout(60)
class ConnectionLimitsTest {
  private static final String GREET = "/" + GreeterDescriptors.SERVICE + "/greet";

  /** The greet handler: answers "Hello <name>" at once, or for "hold", when {@link #release} completes. */
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CompletableFuture<GreeterReply> release = new CompletableFuture<>();
  private TripleServer server;

  private TripleServer start(UnaryOperator<TripleServer.Builder> limits) {
    ServiceDefinition greeter = ServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GreeterDescriptors.GREET, ServerCalls.unaryCall((GreeterRequest req) -> {
          if (req.getName().equals("hold")) {
            holding.countDown();
            return release;
          }
          return CompletableFuture.completedFuture(GreeterReply.newBuilder().setMessage("Hello " + req.getName()).build());
        }))
        .build();
    server = limits.apply(TripleServer.builder().host("127.0.0.1").port(0).addService(greeter)).build().start();
    return server;
  }

  @AfterEach
  void stop() throws InterruptedException {
    release.complete(GreeterReply.getDefaultInstance());
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }

  private static byte[] request(String name) {
    return RawH2Client.frame(GreeterRequest.newBuilder().setName(name).build().toByteArray());
  }

  @Test
  void idleConnectionIsClosedAndClientsReconnect() throws Exception {
    start(b -> b.maxConnectionIdle(Duration.ofMillis(200)));
    try (RawH2Client raw = new RawH2Client(server.port())) {
      RawH2Client.Exchange ok = raw.send(RawH2Client.grpcHeaders(GREET), request("raw")).await();
      assertEquals("0", ok.grpcStatus());
      assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS), "the idle connection should have been closed");
    }
    // Our client gets its connection closed under it between calls, and every call still succeeds.
    try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      for (int i = 0; i < 5; i++) {
        assertEquals("Hello " + i, client.greet(GreeterRequest.newBuilder().setName("" + i).build()).getMessage());
        Thread.sleep(300); // longer than the idle limit: the next call needs a new connection
      }
    }
  }

  @Test
  void idleHttp1ConnectionIsClosedToo() throws Exception {
    start(b -> b.maxConnectionIdle(Duration.ofMillis(200)));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      byte[] body = "{\"name\":\"h1\"}".getBytes(UTF_8);
      s.getOutputStream().write(("POST " + GREET + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(UTF_8));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      // A keep-alive connection: this returns only because the server closes it once idle.
      String response = new String(s.getInputStream().readAllBytes(), UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200 OK") && response.endsWith("{\"message\":\"Hello h1\"}"), response);
    }
  }

  @Test
  void halfSentHttp1RequestDoesNotHoldTheConnection() throws Exception {
    // HTTP/1.1 connections get this with a 3-minute idle limit even when none is configured.
    start(b -> b.maxConnectionIdle(Duration.ofMillis(200)));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("POST " + GREET + " HTTP/1.1\r\nHost: x\r\nContent-").getBytes(UTF_8));
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "the server should have closed the connection");
    }
  }

  @Test
  void oldConnectionEndsGracefullyAfterItsCallsFinish() throws Exception {
    start(b -> b.maxConnectionAge(Duration.ofMillis(300)));
    try (RawH2Client raw = new RawH2Client(server.port())) {
      RawH2Client.Exchange held = raw.send(RawH2Client.grpcHeaders(GREET), request("hold"));
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      Thread.sleep(600); // past the age: the server has sent GOAWAY and waits for the call
      release.complete(GreeterReply.newBuilder().setMessage("finished").build());
      assertEquals("0", held.await().grpcStatus(), held.grpcMessage());
      assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS), "the old connection should have been closed");
    }
  }

  @Test
  void ageGraceCutsOffCallsThatRunOn() throws Exception {
    start(b -> b.maxConnectionAge(Duration.ofMillis(200)).maxConnectionAgeGrace(Duration.ofMillis(300)));
    try (RawH2Client raw = new RawH2Client(server.port())) {
      RawH2Client.Exchange held = raw.send(RawH2Client.grpcHeaders(GREET), request("hold"));
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS), "the connection should have been closed after the grace");
      assertNotEquals("0", held.await().grpcStatus());
    }
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> TripleServer.builder().maxConnectionIdle(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> TripleServer.builder().maxConnectionAge(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> TripleServer.builder().maxConnectionAgeGrace(Duration.ZERO));
  }
}
