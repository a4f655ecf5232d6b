package io.triple.testing.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.testing.TripleServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/testing.md's in-process example, as written there. */
class InProcessGreeterImplTest {
  // Refuses calls without a token, as a real authentication interceptor would.
  static final ServerInterceptor REQUIRE_TOKEN = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      if (!"secret".equals(headers.get("token"))) {
        call.close(Status.UNAUTHENTICATED.withDescription("no token"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  };

  @RegisterExtension
  static TripleServerExtension server =
      TripleServerExtension.inProcess(GreeterTriple.bindService(new GreeterImpl()))
          .intercept(REQUIRE_TOKEN)
          .configureInProcess(b -> b.maxInboundMessageSize(64 * 1024));

  GreeterClient client() {
    return server.client(GreeterClient::create)   // inprocess://NAME, closed after this test
        .withMetadata(new Metadata().add("token", "secret"));
  }

  @Test
  void greets() {
    assertEquals("hello world",
        client().greet(GreeterRequest.newBuilder().setName("world").build()).getMessage());
  }

  @Test
  void refusesCallsWithoutAToken() {
    GreeterClient anonymous = server.client(GreeterClient::create);
    StatusException e = assertThrows(StatusException.class,
        () -> anonymous.greet(GreeterRequest.newBuilder().setName("world").build()));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().code());
  }

  @Test
  void honoursDeadlines() {
    GreeterClient client = client().withTimeout(Duration.ofMillis(50));
    StatusException e = assertThrows(StatusException.class,
        () -> client.greet(GreeterRequest.newBuilder().setName("slow").build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
  }

  @Test
  void enforcesTheServersSizeLimit() {
    GreeterRequest huge = GreeterRequest.newBuilder().setName("x".repeat(100_000)).build();
    StatusException e = assertThrows(StatusException.class, () -> client().greet(huge));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code());
  }
}
