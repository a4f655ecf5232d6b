package io.triple.netty.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.netty.internal.Http2Peer.Data;
import io.triple.netty.internal.Http2Peer.Frame;
import io.triple.netty.internal.Http2Peer.Headers;
import io.triple.netty.internal.Http2Peer.Reset;
import io.triple.netty.internal.Http2Peer.Settings;
import io.triple.netty.internal.Http2Peer;
import io.triple.netty.internal.TestService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client call ({@link NettyClientCall} on a {@link ClientConnection} with the client's own
 * pipeline: frame codec, {@link ClientConnectionHandler}, connection events) over an embedded
 * channel, against a server played frame by frame. Callbacks run on a direct executor.
 */
class NettyClientCallTest {
  private static final ClientTransportSettings SETTINGS = new ClientTransportSettings(
      Runnable::run, 1024 * 1024, 8192, 1024 * 1024, false, 10_000, "triple-test", null, null, "", "", null);
  /** The first stream a client opens (Netty's client codec keeps 1 for an HTTP/1.1 upgrade). */
  private static final int STREAM = 3;
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final ClientConnection connection =
      ClientConnection.overConnectedChannel(channel, "embedded:1", SETTINGS);
  private final Http2Peer server = new Http2Peer(channel);
  private final List<String> events = new ArrayList<>();
  private Status status;

  @BeforeEach
  void handshake() {
    server.serverPreface();
    List<Frame> frames = server.frames();
    assertInstanceOf(Settings.class, frames.get(0), "the client's preface: " + frames);
    server.settingsAck();
    assertTrue(connection.isUsable());
  }

  @AfterEach
  void close() {
    server.close();
    channel.finishAndReleaseAll();
  }

  @Test
  void unaryCallSendsItsRequestAndHearsHeadersMessageAndTrailers() {
    startUnary("world");

    List<Frame> request = server.callFrames();
    Headers headers = assertInstanceOf(Headers.class, request.get(0), request::toString);
    assertEquals(STREAM, headers.streamId());
    assertFalse(headers.endStream());
    assertEquals("POST", headers.get(":method"));
    assertEquals("/test.Echo/Unary", headers.get(":path"));
    assertEquals("application/grpc", headers.get("content-type"));
    assertEquals("trailers", headers.get("te"));
    // The message, then END_STREAM (its own empty DATA frame here: on the embedded loop every
    // call operation is written at once, so the half-close finds the message gone already).
    List<String> messages = new ArrayList<>();
    for (Frame f : request.subList(1, request.size())) {
      Data data = assertInstanceOf(Data.class, f, request::toString);
      assertEquals(STREAM, data.streamId());
      messages.addAll(Http2Peer.grpcMessages(data));
    }
    assertEquals(List.of("world"), messages);
    assertTrue(((Data) request.get(request.size() - 1)).endStream(), request::toString);

    server.headers(STREAM, responseHeaders().set("x-answer", "h"), false)
        .message(STREAM, "hello", false)
        .headers(STREAM, new DefaultHttp2Headers().set("grpc-status", "0").set("x-trailer", "t"), true);

    assertEquals(List.of("headers x-answer=h", "message hello", "close OK trailer=t"), events);
  }

  @Test
  void resetCancelFromTheServerIsCancelled() {
    startUnary("x");
    server.callFrames();

    server.reset(STREAM, Http2Error.CANCEL);

    assertEquals(Status.Code.CANCELLED, status.code());
    assertEquals("Stream reset by server: HTTP/2 error code CANCEL", status.description());
  }

  @Test
  void refusedStreamIsUnavailable() {
    startUnary("x");
    server.callFrames();

    server.reset(STREAM, Http2Error.REFUSED_STREAM);

    assertEquals(Status.Code.UNAVAILABLE, status.code());
    assertEquals("Stream reset by server: HTTP/2 error code REFUSED_STREAM", status.description());
  }

  @Test
  void streamErrorFromTheServerIsInternalAndResetsTheStream() {
    startUnary("x");
    server.callFrames();
    server.headers(STREAM, responseHeaders(), false);

    server.windowUpdate(STREAM, 0); // a zero increment on the stream: a stream error

    assertEquals(List.of(new Reset(STREAM, Http2Error.PROTOCOL_ERROR)), server.callFrames());
    assertEquals(Status.Code.INTERNAL, status.code());
    assertTrue(status.description().startsWith("HTTP/2 stream error PROTOCOL_ERROR from embedded:1: "),
        status.description());
    assertTrue(channel.isOpen(), "the connection lives on");
    assertTrue(connection.isUsable());
  }

  @Test
  void trailersOnlyErrorIsTheCallsStatus() {
    startUnary("x");
    server.callFrames();

    server.headers(STREAM, responseHeaders().set("grpc-status", "5").set("grpc-message", "no such thing"), true);

    assertEquals(List.of("close NOT_FOUND"), events);
    assertEquals("no such thing", status.description());
    assertEquals(List.of(), server.callFrames(), "the stream ended both ways: nothing to reset");
  }

  @Test
  void goAwayMakesTheConnectionUnusableAndCallsInFlightFinish() {
    startUnary("x");
    server.callFrames();

    server.goAway(STREAM, Http2Error.NO_ERROR);

    assertFalse(connection.isUsable());
    assertTrue(connection.isDraining());
    server.headers(STREAM, responseHeaders(), false)
        .message(STREAM, "late", false)
        .headers(STREAM, new DefaultHttp2Headers().set("grpc-status", "0"), true);
    assertEquals(Status.Code.OK, status.code());
  }

  private void startUnary(String request) {
    NettyClientCall<String, String> call =
        new NettyClientCall<>(TestService.UNARY, CallOptions.DEFAULT, connection, SETTINGS, "localhost");
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata headers) {
        events.add("headers x-answer=" + headers.get("x-answer"));
      }

      @Override
      public void onMessage(String message) {
        events.add("message " + message);
      }

      @Override
      public void onClose(Status s, Metadata trailers) {
        status = s;
        String t = trailers.get("x-trailer");
        events.add("close " + s.code() + (t == null ? "" : " trailer=" + t));
      }
    }, new Metadata());
    call.request(2);
    call.sendMessage(request);
    call.halfClose();
    channel.runPendingTasks();
  }

  private static Http2Headers responseHeaders() {
    return new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
  }
}
