package io.triple.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance extension: a fresh server for every test, stopped after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestServerTest {
  @RegisterExtension
  TripleServerExtension server = TripleServerExtension.serving(EchoService.definition());

  static final List<TripleServer> servers = new ArrayList<>();

  @Test
  @Order(1)
  void first() {
    servers.add(server.server());
    assertEquals("echo 1", ClientCalls.blockingUnary(server.channel(), EchoService.ECHO, CallOptions.DEFAULT, "1"));
  }

  @Test
  @Order(2)
  void secondGetsAnotherServerAndTheFirstIsStopped() {
    servers.add(server.server());
    assertTrue(servers.get(0) != servers.get(1), "a server per test");
    assertTrue(servers.get(0).isShutdown(), "stopped after its test");
    assertEquals("echo 2", ClientCalls.blockingUnary(server.channel(), EchoService.ECHO, CallOptions.DEFAULT, "2"));
  }
}
