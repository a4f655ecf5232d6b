package io.triple.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.inprocess.InProcessServer;
import io.triple.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance extension in process: a fresh in-process server per test, channels closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InProcessModeTest {
  @RegisterExtension
  TripleServerExtension server = TripleServerExtension.inProcess(EchoService.definition());

  static final List<InProcessServer> servers = new ArrayList<>();
  static ManagedChannel firstChannel;

  @Test
  @Order(1)
  void servesInProcess() {
    servers.add(server.inProcessServer());
    firstChannel = server.channel();
    assertEquals("echo a", ClientCalls.blockingUnary(firstChannel, EchoService.ECHO, CallOptions.DEFAULT, "a"));
    assertEquals("inprocess://" + server.inProcessServer().name(), server.target());
    assertThrows(IllegalStateException.class, server::port, "no port in process");
    assertThrows(IllegalStateException.class, server::server, "no TripleServer in process");
  }

  @Test
  @Order(2)
  void theNextTestGetsAnotherServerAndTheLastOnesAreClosed() {
    servers.add(server.inProcessServer());
    assertTrue(servers.get(0) != servers.get(1), "a server per test");
    assertTrue(servers.get(0).isShutdown(), "stopped after its test");
    assertTrue(firstChannel.isShutdown(), "a channel lives for its test only");
    assertEquals("echo b", ClientCalls.blockingUnary(server.channel(), EchoService.ECHO, CallOptions.DEFAULT, "b"));
  }
}
