package io.triple.netty.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Error;
import io.triple.Status;
import io.triple.netty.internal.Http2Peer.Data;
import io.triple.netty.internal.Http2Peer.Frame;
import io.triple.netty.internal.Http2Peer.GoAway;
import io.triple.netty.internal.Http2Peer.Headers;
import io.triple.netty.internal.Http2Peer.Reset;
import io.triple.netty.internal.Http2Peer.Settings;
import io.triple.netty.internal.Http2Peer.SettingsAck;
import io.triple.netty.internal.Http2Peer;
import io.triple.netty.internal.ServerConnectionInitializer;
import io.triple.netty.internal.TestService;
import io.triple.netty.internal.wire.GrpcHeaders;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's HTTP/2 pipeline (as {@link ServerConnectionInitializer} builds it: frame codec,
 * ping enforcer, {@link ServerConnectionHandler} with a {@link ServerStream} per stream, graceful
 * shutdown, error logger) on an embedded channel, against a client played frame by frame. The
 * handlers run on a direct executor, so each frame's consequences are complete when the send
 * returns.
 */
class ServerConnectionHandlerTest {
  private final TestService service = new TestService();
  private final EmbeddedChannel server = service.serverConnection(TestService.transport(10_000), 1024 * 1024);
  private final Http2Peer client = new Http2Peer(server);

  @BeforeEach
  void handshake() {
    client.clientPreface();
    List<Frame> frames = client.frames();
    assertInstanceOf(Settings.class, frames.get(0), "the server's preface: " + frames);
    assertTrue(frames.contains(new SettingsAck()), "the server acknowledges our SETTINGS: " + frames);
    client.settingsAck();
  }

  @AfterEach
  void close() {
    client.close();
    server.finishAndReleaseAll();
  }

  @Test
  void unaryCallIsAnsweredWithHeadersMessageAndTrailers() {
    client.headers(1, TestService.grpcRequest("Unary"), false).message(1, "world", true);

    List<Frame> frames = client.callFrames();
    assertEquals(3, frames.size(), frames::toString);
    Headers headers = assertInstanceOf(Headers.class, frames.get(0));
    assertEquals(1, headers.streamId());
    assertEquals("200", headers.get(":status"));
    assertEquals("application/grpc", headers.get("content-type"));
    assertEquals("h", headers.get("x-answer"));
    assertFalse(headers.endStream());
    Data data = assertInstanceOf(Data.class, frames.get(1));
    assertEquals(List.of("hello world"), Http2Peer.grpcMessages(data));
    assertFalse(data.endStream());
    Headers trailers = assertInstanceOf(Headers.class, frames.get(2));
    assertTrue(trailers.endStream());
    assertEquals("0", trailers.get("grpc-status"));
    assertEquals("t", trailers.get("x-trailer"));
    assertEquals(List.of("message world", "halfClose", "complete"), service.events);
  }

  @Test
  void unknownMethodIsAnsweredTrailersOnlyUnimplemented() {
    client.headers(1, TestService.grpcRequest("Nope"), false);

    List<Frame> frames = client.callFrames();
    assertEquals(2, frames.size(), frames::toString);
    Headers answer = assertInstanceOf(Headers.class, frames.get(0));
    assertTrue(answer.endStream(), "trailers-only");
    assertEquals("200", answer.get(":status"));
    Status status = GrpcHeaders.statusFromTrailers(answer.headers());
    assertEquals(Status.Code.UNIMPLEMENTED, status.code());
    assertEquals("Method not found: test.Echo/Nope", status.description());
    assertEquals(new Reset(1, Http2Error.NO_ERROR), frames.get(1), "the client, still sending, is stopped");

    // DATA the client sent before it saw the reset. Netty forgets a stream once it is closed, so
    // it answers RST_STREAM STREAM_CLOSED (RFC 9113 §5.1 says to ignore such frames; the
    // client's stream is closed already, so it ignores the reset in turn). The connection lives.
    client.message(1, "late", true);
    assertEquals(List.of(new Reset(1, Http2Error.STREAM_CLOSED)), client.callFrames());
    assertTrue(server.isOpen());
    assertEquals(List.of(), service.events, "no handler ran");
  }

  @Test
  void resetFromTheClientCancelsTheCall() {
    client.headers(1, TestService.grpcRequest("Hang"), false).message(1, "a", false);
    assertEquals(List.of("message a"), service.events);

    client.reset(1, Http2Error.CANCEL);

    assertEquals(List.of("message a", "cancel"), service.events);
    assertTrue(service.hanging.get(0).isCancelled());
    assertEquals(List.of(), client.callFrames(), "nothing is written on a stream the client reset");
    assertTrue(server.isOpen());
  }

  @Test
  void streamErrorResetsTheStreamWithItsCodeAndCancelsTheCall() {
    client.headers(1, TestService.grpcRequest("Hang"), false);

    client.windowUpdate(1, 0); // a zero increment on a stream: a stream error (RFC 9113 §6.9)

    assertEquals(List.of(new Reset(1, Http2Error.PROTOCOL_ERROR)), client.callFrames());
    assertEquals(List.of("cancel"), service.events);
    assertTrue(service.hanging.get(0).isCancelled());
    assertTrue(server.isOpen(), "the connection lives on");

    client.headers(3, TestService.grpcRequest("Unary"), false).message(3, "again", true);
    List<Frame> frames = client.callFrames();
    Headers trailers = assertInstanceOf(Headers.class, frames.get(frames.size() - 1), frames::toString);
    assertEquals(3, trailers.streamId());
    assertEquals("0", trailers.get("grpc-status"), "other calls are served");
  }

  @Test
  void connectionErrorSendsGoAwayWithItsCodeAndEndsTheCalls() {
    client.headers(1, TestService.grpcRequest("Hang"), false);

    client.windowUpdate(0, 0); // a zero increment on the connection: a connection error

    List<Frame> frames = client.callFrames();
    GoAway goAway = assertInstanceOf(GoAway.class, frames.get(0), frames::toString);
    assertEquals(Http2Error.PROTOCOL_ERROR, goAway.error(), "the first GOAWAY names the error, not NO_ERROR");
    // Netty names no last stream after a hard connection error (it may have been found while
    // a stream's HEADERS were half read): the client learns nothing was processed for sure.
    assertEquals(Integer.MAX_VALUE, goAway.lastStreamId());
    assertEquals(1, frames.stream().filter(f -> f instanceof GoAway).count(), frames::toString);
    assertFalse(server.isOpen());
    assertEquals(List.of("cancel"), service.events);
  }
}
