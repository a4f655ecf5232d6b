package io.triple.testing.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.testing.TripleServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/testing.md's first example, as written there (over loopback TCP). */
class GreeterImplTest {
  // static: one server for the whole class; an instance field gets a fresh server per test
  @RegisterExtension
  static TripleServerExtension server =
      TripleServerExtension.serving(GreeterTriple.bindService(new GreeterImpl()));

  @Test
  void greets() {
    GreeterClient client = server.client(GreeterClient::create);   // closed after this test
    assertEquals("hello world",
        client.greet(GreeterRequest.newBuilder().setName("world").build()).getMessage());
  }

  @Test
  void honoursDeadlines() {
    GreeterClient client = server.client(GreeterClient::create).withTimeout(Duration.ofMillis(50));
    StatusException e = assertThrows(StatusException.class, () -> client.greet(slowRequest()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
  }

  private static GreeterRequest slowRequest() {
    return GreeterRequest.newBuilder().setName("slow").build();
  }
}
