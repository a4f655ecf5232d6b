package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triple.server.TripleServer;
import io.triple.tests.interop.TripleGreeterService;
import java.time.Duration;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a user writes a target reaches the server: ours, and grpc-java's dns: forms. */
@Timeout(30)
class TargetSyntaxTest {
  static TripleServer server;

  @BeforeAll
  static void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(new TripleGreeterService().definition()).build().start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
  }

  @Test
  void everyTargetFormReachesTheServer() {
    int port = server.port();
    for (String target : new String[] {
        "127.0.0.1:" + port, "tri://127.0.0.1:" + port, "grpc://127.0.0.1:" + port,
        "dns:///127.0.0.1:" + port, "dns:127.0.0.1:" + port, "dns://localhost/127.0.0.1:" + port}) {
      try (GreeterClient client = GreeterClient.create(target)) {
        assertEquals("Hello " + target,
            client.greet(GreeterRequest.newBuilder().setName(target).build()).getMessage(), target);
      }
    }
  }

  /** A target without a port calls the port a server binds by default (Dubbo's Triple port). */
  @Test
  void aTargetWithoutPortMeetsTheServersDefault() {
    try (io.triple.ManagedChannel ch = io.triple.Channels.forTarget("tri://127.0.0.1")) {
      assertEquals("127.0.0.1:" + TripleServer.DEFAULT_PORT, ch.authority());
    }
    assertEquals(50051, TripleServer.DEFAULT_PORT, "Dubbo's default Triple port");
  }
}
