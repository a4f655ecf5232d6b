package io.triple.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Error;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.netty.internal.Http2Peer.Frame;
import io.triple.netty.internal.Http2Peer.GoAway;
import io.triple.netty.internal.Http2Peer.Headers;
import io.triple.netty.internal.Http2Peer.Ping;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-step GOAWAY of a server connection's graceful shutdown
 * ({@link ServerConnectionInitializer#shutdownGracefully}), on the server's HTTP/2 pipeline,
 * as the client sees it.
 */
class GracefulShutdownHandlerTest {
  private final TestService service = new TestService();
  private final EmbeddedChannel server = service.serverConnection(TestService.transport(60_000), 1024 * 1024);
  private final Http2Peer client = new Http2Peer(server);

  @BeforeEach
  void handshake() {
    server.freezeTime(); // the PING's bound runs on the embedded clock, moved only by the test
    client.clientPreface();
    client.frames();
    client.settingsAck();
  }

  @AfterEach
  void close() {
    client.close();
    server.finishAndReleaseAll();
  }

  @Test
  void firstGoAwayNamesNoLastStreamAndComesWithAPing() {
    ServerConnectionInitializer.shutdownGracefully(server);

    List<Frame> frames = client.callFrames();
    assertEquals(2, frames.size(), frames::toString);
    assertEquals(new GoAway(Integer.MAX_VALUE, Http2Error.NO_ERROR, ""), frames.get(0));
    Ping ping = assertInstanceOf(Ping.class, frames.get(1));
    assertFalse(ping.ack());
    assertTrue(server.isOpen());
  }

  @Test
  void pingAckBringsTheFinalGoAwayAndAnIdleConnectionCloses() {
    ServerConnectionInitializer.shutdownGracefully(server);
    Ping ping = (Ping) client.callFrames().get(1);

    client.ping(ping.content(), true);

    assertEquals(List.of(new GoAway(0, Http2Error.NO_ERROR, "")), client.callFrames());
    assertFalse(server.isOpen());
  }

  @Test
  void callsInFlightFinishBeforeTheConnectionCloses() {
    client.headers(1, TestService.grpcRequest("Hang"), false);
    ServerConnectionInitializer.shutdownGracefully(server);
    Ping ping = (Ping) client.callFrames().get(1);
    // A call the client started before it read the first GOAWAY is still served.
    client.headers(3, TestService.grpcRequest("Unary"), false).message(3, "late", true);
    List<Frame> late = client.callFrames();
    assertEquals("0", ((Headers) late.get(late.size() - 1)).get("grpc-status"), late::toString);

    client.ping(ping.content(), true);

    assertEquals(List.of(new GoAway(3, Http2Error.NO_ERROR, "")), client.callFrames());
    assertTrue(server.isOpen(), "stream 1 is still in flight");
    service.hanging.get(0).close(Status.OK, new Metadata());
    List<Frame> last = client.callFrames();
    assertEquals("0", ((Headers) last.get(0)).get("grpc-status"), last::toString);
    assertFalse(server.isOpen(), "closed with its last stream");
  }

  @Test
  void withoutAPingAckTheFinalGoAwayComesAfterTwoSeconds() {
    client.headers(1, TestService.grpcRequest("Hang"), false);
    ServerConnectionInitializer.shutdownGracefully(server);
    client.callFrames();

    server.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
    server.runScheduledPendingTasks();
    assertEquals(List.of(), client.callFrames());

    server.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    server.runScheduledPendingTasks();
    assertEquals(List.of(new GoAway(1, Http2Error.NO_ERROR, "")), client.callFrames());
  }

  @Test
  void aSecondShutdownChangesNothing() {
    ServerConnectionInitializer.shutdownGracefully(server);
    client.callFrames();

    ServerConnectionInitializer.shutdownGracefully(server);

    assertEquals(List.of(), client.callFrames());
  }
}
