package io.triple.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static extension: one server for the class; channels closed after each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassServerTest {
  @RegisterExtension
  static TripleServerExtension server = TripleServerExtension.serving(EchoService.definition());

  static final List<Integer> ports = new ArrayList<>();
  static ManagedChannel firstChannel;

  @Test
  @Order(1)
  void callsTheServer() {
    firstChannel = server.channel();
    assertEquals("echo a", ClientCalls.blockingUnary(firstChannel, EchoService.ECHO, CallOptions.DEFAULT, "a"));
    ports.add(server.port());
  }

  @Test
  @Order(2)
  void theSameServerServesTheNextTestAndTheLastTestsChannelIsClosed() {
    ports.add(server.port());
    assertEquals(ports.get(0), ports.get(1), "one server per class");
    assertTrue(firstChannel.isShutdown(), "a channel lives for its test only");
    assertEquals("echo b", ClientCalls.blockingUnary(server.channel(), EchoService.ECHO, CallOptions.DEFAULT, "b"));
    assertEquals("tri://127.0.0.1:" + server.port(), server.target());
  }
}
