package io.triple.tests.hostile;

import static io.triple.tests.hostile.FramePeer.grpcFrame;
import static io.triple.tests.hostile.FramePeer.grpcRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.stub.ServerCallStreamObserver;
import io.triple.stub.ServerCalls;
import io.triple.tests.hostile.FramePeer.Frame;
import io.triple.tests.interop.GreeterDescriptors;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our server against a client that breaks HTTP/2 on purpose, frame by frame ({@link FramePeer}).
 * Each test asserts what the peer sees on the wire (frame type, error code, grpc-status), that
 * the server's memory stayed bounded where the attack aims at it, and (after each test) that a
 * well-behaved client on a fresh connection is still served.
 */
@Timeout(60)
class HostileClientTest {
  static final String SERVICE = GreeterDescriptors.SERVICE;
  static final String GREET = "/" + SERVICE + "/greet";
  static final String SERVER_STREAM = "/" + SERVICE + "/greetServerStream";
  static final String BIDI = "/" + SERVICE + "/greetStream";
  static final int MESSAGE = 16 * 1024;
  /** A server-streaming handler that ignored isReady() would send this much before giving up. */
  static final long RUNAWAY_CAP = 64L * 1024 * 1024;

  TripleServer server;
  final HandlerProbe probe = new HandlerProbe();

  /** What the handlers saw. */
  static final class HandlerProbe {
    final AtomicLong bytesSent = new AtomicLong();
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicInteger bidiMessages = new AtomicInteger();
    final CountDownLatch bidiStarted = new CountDownLatch(1);
    /** Released by a cancellation listener; the blocking handler waits for it. */
    final CountDownLatch listenerRan = new CountDownLatch(1);
    final AtomicBoolean handlerSawListener = new AtomicBoolean();
    final CountDownLatch handlerReturned = new CountDownLatch(1);
    /** The blocking handler registered its listener and is about to block. */
    final CountDownLatch handlerBlocking = new CountDownLatch(1);
  }

  @BeforeEach
  void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .gracefulShutdownTimeout(Duration.ofSeconds(20))
        .handshakeTimeout(Duration.ofSeconds(1))
        .addService(service(probe))
        .build().start();
  }

  @AfterEach
  void stop() throws Exception {
    if (!server.isShutdown()) {
      try (GreeterClient good = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
        assertEquals("Hello ok", good.greet(GreeterRequest.newBuilder().setName("ok").build()).getMessage());
      }
    }
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
  }

  /**
   * greet: "Hello NAME", or for "block": registers a cancellation listener and blocks until it
   * runs (at most 10 s). greetServerStream: sends 16 KiB messages while isReady(), stopping only
   * at {@link #RUNAWAY_CAP}. greetStream: echoes each message.
   */
  static ServiceDefinition service(HandlerProbe probe) {
    return ServiceDefinition.builder(SERVICE)
        .addMethod(GreeterDescriptors.GREET, ServerCalls.unaryCall((GreeterRequest req) -> {
          if (!req.getName().equals("block")) {
            return java.util.concurrent.CompletableFuture.completedFuture(reply("Hello " + req.getName()));
          }
          ServerContext.current().addCancellationListener(probe.listenerRan::countDown);
          probe.handlerBlocking.countDown();
          try {
            probe.handlerSawListener.set(probe.listenerRan.await(10, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          probe.handlerReturned.countDown();
          return java.util.concurrent.CompletableFuture.completedFuture(reply("late"));
        }))
        .addMethod(GreeterDescriptors.GREET_SERVER_STREAM, ServerCalls.serverStreamingCall(
            (GreeterRequest req, StreamObserver<GreeterReply> out) -> {
              ServerCallStreamObserver<GreeterReply> o = (ServerCallStreamObserver<GreeterReply>) out;
              GreeterReply big = reply("x".repeat(MESSAGE));
              o.setOnCancelHandler(probe.cancelled::countDown);
              Runnable writeWhileReady = () -> {
                while (o.isReady() && probe.bytesSent.get() < RUNAWAY_CAP) {
                  o.onNext(big);
                  probe.bytesSent.addAndGet(MESSAGE);
                }
              };
              o.setOnReadyHandler(writeWhileReady);
              writeWhileReady.run(); // as many handlers do: write at once, then on each onReady
            }))
        .addMethod(GreeterDescriptors.GREET_STREAM, ServerCalls.bidiStreamingCall(
            (StreamObserver<GreeterReply> out) -> {
              ((ServerCallStreamObserver<GreeterReply>) out).setOnCancelHandler(probe.cancelled::countDown);
              probe.bidiStarted.countDown();
              return new StreamObserver<GreeterRequest>() {
                @Override
                public void onNext(GreeterRequest value) {
                  probe.bidiMessages.incrementAndGet();
                  out.onNext(reply("echo " + value.getName()));
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {
                  out.onCompleted();
                }
              };
            }))
        .build();
  }

  static GreeterReply reply(String message) {
    return GreeterReply.newBuilder().setMessage(message).build();
  }

  static byte[] request(String name) {
    return grpcFrame(GreeterRequest.newBuilder().setName(name).build().toByteArray());
  }

  FramePeer connect(Http2Settings settings) throws InterruptedException {
    FramePeer p = FramePeer.connect(server.port(), settings);
    assertNotNull(p.await(f -> f.type() == Http2FrameTypes.SETTINGS && !f.ack(), 5000), "server SETTINGS");
    return p;
  }

  FramePeer connect() throws InterruptedException {
    return connect(new Http2Settings());
  }

  // ---- 1. flow control ----------------------------------------------------------------------

  /**
   * A client that announces a zero stream window and never opens it: isReady() must turn false
   * after the first queued message, so a handler that writes while ready holds a bounded amount
   * per stream (before the fix: until the server ran out of direct memory).
   */
  @Test
  void zeroInitialWindowStopsAHandlerThatWritesWhileReady() throws Exception {
    int streams = 8;
    try (FramePeer p = connect(new Http2Settings().initialWindowSize(0))) {
      for (int i = 0; i < streams; i++) {
        int id = 1 + 2 * i;
        p.headers(id, grpcRequest(SERVER_STREAM), false);
        p.data(id, request("zero"), true);
      }
      // A handler told nothing is ready sends nothing (not even headers): it waits for onReady.
      // Before the fix isReady() said yes and the handlers ran to the runaway cap.
      Thread.sleep(500);
      long settled = awaitSettled(probe.bytesSent);
      assertEquals(0, p.bytesReceived(), "no DATA may pass a zero window");
      assertTrue(settled <= streams * 64 * 1024,
          "handlers queued " + settled + " bytes on " + streams + " streams with a zero window");
      // Opening one stream's window lets exactly that much through and the handler resumes.
      p.windowUpdate(0, 1 << 20);
      p.windowUpdate(1, 256 * 1024);
      assertNotNull(p.await(f -> f.streamId() == 1 && f.type() == Http2FrameTypes.DATA, 5000));
      long afterWindow = awaitSettled(probe.bytesSent);
      assertTrue(afterWindow > settled, "the handler resumed when the window opened");
      assertTrue(afterWindow - settled <= 256 * 1024 + 64 * 1024, "resumed by the window's worth: " + (afterWindow - settled));
    }
  }

  /** A client that stops reading: the connection's buffer fills, and handlers stop at its mark. */
  @Test
  void clientThatStopsReadingBoundsWhatTheServerQueues() throws Exception {
    try (FramePeer p = connect(new Http2Settings().initialWindowSize(Integer.MAX_VALUE))) {
      p.windowUpdate(0, Integer.MAX_VALUE - 65535);
      p.reading(false);
      for (int i = 0; i < 4; i++) {
        int id = 1 + 2 * i;
        p.headers(id, grpcRequest(SERVER_STREAM), false);
        p.data(id, request("slow"), true);
      }
      long settled = awaitSettled(probe.bytesSent);
      // Socket buffers on loopback (a few MiB both ways) plus the connection's 1 MiB high mark.
      assertTrue(settled < 32L * 1024 * 1024, "server queued " + settled + " bytes for a client that reads nothing");
    }
  }

  /** Waits until {@code counter} stops moving for 300 ms; returns its value. */
  static long awaitSettled(AtomicLong counter) throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 100; i++) {
      long now = counter.get();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(300);
    }
    return counter.get();
  }

  // ---- 2. graceful shutdown -------------------------------------------------------------------

  /**
   * Shutdown races with a client that opens streams: a stream opened after the first GOAWAY is
   * still served, one opened after the final GOAWAY is refused alone, and the bidi stream in
   * flight drains to its trailers.
   */
  @Test
  void streamsOpenedDuringShutdownAreRefusedOneByOneAndTheRestDrain() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(BIDI), false);
      p.data(1, request("a"), false);
      assertNotNull(p.await(f -> f.streamId() == 1 && f.type() == Http2FrameTypes.DATA, 5000));

      Thread shutdown = new Thread(server::shutdown);
      shutdown.start();
      Frame first = p.awaitGoAway(5000);
      assertNotNull(first, "first GOAWAY");
      assertEquals(Integer.MAX_VALUE, first.lastStreamId());
      assertEquals(Http2Error.NO_ERROR.code(), first.errorCode());

      // The client had not read the GOAWAY yet: stream 3 is below the last stream id, so served.
      p.headers(3, grpcRequest(GREET), false);
      p.data(3, request("racing"), true);
      Frame end3 = p.awaitEnd(3, 5000);
      assertNotNull(end3);
      assertEquals(Http2FrameTypes.HEADERS, end3.type(), "stream 3 answered, not reset: " + end3);
      assertEquals("0", String.valueOf(end3.headers().get("grpc-status")));

      // The server's PING: answering it makes the server send the final GOAWAY.
      Frame ping = p.await(f -> f.type() == Http2FrameTypes.PING && !f.ack(), 5000);
      assertNotNull(ping);
      p.onLoop(ctx -> new io.netty.handler.codec.http2.DefaultHttp2FrameWriter()
          .writePing(ctx, true, ping.pingData(), ctx.newPromise()));
      Frame last = p.await(f -> f.isGoAway() && f.lastStreamId() != Integer.MAX_VALUE, 5000);
      assertNotNull(last, "final GOAWAY");
      assertEquals(3, last.lastStreamId());

      // Stream 5 is past it: refused alone, with DATA following its HEADERS as a client would.
      p.headers(5, grpcRequest(GREET), false);
      p.data(5, request("too late"), true);
      Frame end5 = p.awaitEnd(5, 5000);
      assertNotNull(end5, "stream 5 answered");
      assertTrue(end5.isReset(5), "stream 5: " + end5);
      assertEquals(Http2Error.REFUSED_STREAM.code(), end5.errorCode());

      // Stream 1 is still served to its end.
      p.data(1, request("b"), false);
      assertNotNull(p.await(f -> f.streamId() == 1 && f.type() == Http2FrameTypes.DATA
          && new String(f.data()).contains("echo b"), 5000), "stream 1 still echoes: " + p.frames());
      p.data(1, new byte[0], true);
      Frame end1 = p.awaitEnd(1, 5000);
      assertNotNull(end1, "stream 1 ended: " + p.frames());
      assertEquals(Http2FrameTypes.HEADERS, end1.type(), "stream 1 got its trailers: " + end1);
      assertEquals("0", String.valueOf(end1.headers().get("grpc-status")));
      assertTrue(p.awaitClosed(5000), "the connection closes once drained");
      shutdown.join();
    }
  }

  // ---- 3. stream errors -----------------------------------------------------------------------

  /** Opens a bidi call on stream 1 and waits until its handler runs. */
  FramePeer openBidi(Http2Headers headers) throws Exception {
    FramePeer p = connect();
    p.headers(1, headers, false);
    p.data(1, request("a"), false);
    assertTrue(probe.bidiStarted.await(5, TimeUnit.SECONDS));
    assertNotNull(p.await(f -> f.streamId() == 1 && f.type() == Http2FrameTypes.DATA, 5000));
    return p;
  }

  void assertStreamReset(FramePeer p, Http2Error error) throws Exception {
    Frame end = p.awaitEnd(1, 5000);
    assertNotNull(end, "stream 1 not ended: " + p.frames());
    assertTrue(end.isReset(1), "expected RST_STREAM, got " + end);
    assertEquals(error.code(), end.errorCode(), "RST_STREAM code");
    assertTrue(probe.cancelled.await(5, TimeUnit.SECONDS), "the handler was told");
    assertNull(p.await(Frame::isGoAway, 200), "a stream error must not end the connection");
    // The same connection still serves.
    p.headers(3, grpcRequest(GREET), false);
    p.data(3, request("again"), true);
    Frame ok = p.awaitEnd(3, 5000);
    assertNotNull(ok);
    assertEquals("0", String.valueOf(ok.headers().get("grpc-status")), "stream 3: " + ok);
  }

  @Test
  void streamWindowOverflowIsResetWithFlowControlError() throws Exception {
    try (FramePeer p = openBidi(grpcRequest(BIDI))) {
      p.windowUpdate(1, Integer.MAX_VALUE);
      assertStreamReset(p, Http2Error.FLOW_CONTROL_ERROR);
    }
  }

  @Test
  void zeroWindowIncrementOnAStreamIsResetWithProtocolError() throws Exception {
    try (FramePeer p = openBidi(grpcRequest(BIDI))) {
      p.windowUpdate(1, 0);
      assertStreamReset(p, Http2Error.PROTOCOL_ERROR);
    }
  }

  @Test
  void dataShorterThanContentLengthIsResetWithProtocolError() throws Exception {
    byte[] body = request("a");
    Http2Headers h = grpcRequest(BIDI).set("content-length", Integer.toString(body.length * 3));
    try (FramePeer p = openBidi(h)) {
      p.data(1, body, true);
      assertStreamReset(p, Http2Error.PROTOCOL_ERROR);
    }
  }

  @Test
  void dataLongerThanContentLengthIsResetWithProtocolError() throws Exception {
    byte[] body = request("a");
    Http2Headers h = grpcRequest(BIDI).set("content-length", Integer.toString(body.length + 1));
    try (FramePeer p = openBidi(h)) {
      p.data(1, body, false);
      assertStreamReset(p, Http2Error.PROTOCOL_ERROR);
    }
  }

  @Test
  void trailersWithoutEndStreamAreResetWithProtocolError() throws Exception {
    try (FramePeer p = openBidi(grpcRequest(BIDI))) {
      p.headers(1, new io.netty.handler.codec.http2.DefaultHttp2Headers().set("x-trailer", "t"), false);
      assertStreamReset(p, Http2Error.PROTOCOL_ERROR);
    }
  }

  // ---- 4. connection errors carry their code --------------------------------------------------

  void assertGoAway(FramePeer p, Http2Error error, String debugContains) throws Exception {
    Frame g = p.awaitGoAway(5000);
    assertNotNull(g, "no GOAWAY: " + p.frames());
    assertEquals(error.code(), g.errorCode(), "GOAWAY " + g);
    if (debugContains != null) {
      assertTrue(g.debugData().contains(debugContains), "debug data: " + g);
    }
    assertTrue(p.awaitClosed(5000), "connection closed");
  }

  @Test
  void connectionWindowOverflowIsGoAwayFlowControlError() throws Exception {
    try (FramePeer p = connect()) {
      p.windowUpdate(0, Integer.MAX_VALUE);
      assertGoAway(p, Http2Error.FLOW_CONTROL_ERROR, null);
    }
  }

  @Test
  void headersOnAnEvenStreamIsGoAwayProtocolError() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(2, grpcRequest(GREET), true);
      assertGoAway(p, Http2Error.PROTOCOL_ERROR, null);
    }
  }

  @Test
  void oversizeFrameIsGoAwayFrameSizeError() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET), false);
      // A DATA frame header announcing 1 MiB: past the 16 KiB SETTINGS_MAX_FRAME_SIZE.
      p.raw(new byte[] {0x10, 0, 0, Http2FrameTypes.DATA, 0, 0, 0, 0, 1});
      assertGoAway(p, Http2Error.FRAME_SIZE_ERROR, null);
    }
  }

  @Test
  void pingFloodIsGoAwayEnhanceYourCalmTooManyPings() throws Exception {
    try (FramePeer p = connect()) {
      // The first PING is fine, two more are forgiven, the fourth ends the connection. No more than
      // that: PINGs still unread when the server closes make its TCP send a reset, which may
      // discard the GOAWAY before this peer reads it.
      for (int i = 0; i < 4; i++) {
        p.ping(i);
      }
      assertGoAway(p, Http2Error.ENHANCE_YOUR_CALM, "too_many_pings");
    }
  }

  @Test
  void rapidResetIsGoAwayEnhanceYourCalm() throws Exception {
    try (FramePeer p = connect()) {
      for (int i = 0; i < 2000 && p.isOpen(); i++) {
        int id = 1 + 2 * i;
        p.headers(id, grpcRequest(GREET), false);
        p.reset(id, Http2Error.CANCEL);
      }
      assertTrue(p.awaitClosed(5000), "the burst closed the connection");
      // GOAWAY ENHANCE_YOUR_CALM goes out before the close, but with the burst still unread TCP
      // may drop it in favour of the reset: judged when it arrives.
      Frame g = p.awaitGoAway(0);
      assertTrue(g == null || g.errorCode() == Http2Error.ENHANCE_YOUR_CALM.code(), "GOAWAY names the error: " + g);
    }
  }

  // ---- 5. cancellation listeners run promptly --------------------------------------------------

  /**
   * A blocking unary handler waits for its own cancellation listener: the listener must run while
   * the handler still blocks (not queued behind it), for each way a call is cancelled.
   */
  @Test
  void cancellationListenerRunsWhileTheHandlerBlocksOnDeadline() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET).set("grpc-timeout", "300m"), false);
      p.data(1, request("block"), true);
      assertListenerRanWhileBlocked();
    }
  }

  @Test
  void cancellationListenerRunsWhileTheHandlerBlocksOnReset() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET), false);
      p.data(1, request("block"), true);
      assertTrue(probe.handlerBlocking.await(10, TimeUnit.SECONDS), "the handler blocks");
      p.reset(1, Http2Error.CANCEL);
      assertListenerRanWhileBlocked();
    }
  }

  @Test
  void cancellationListenerRunsWhileTheHandlerBlocksOnConnectionLoss() throws Exception {
    FramePeer p = connect();
    p.headers(1, grpcRequest(GREET), false);
    p.data(1, request("block"), true);
    assertTrue(probe.handlerBlocking.await(10, TimeUnit.SECONDS), "the handler blocks");
    p.close();
    assertListenerRanWhileBlocked();
  }

  void assertListenerRanWhileBlocked() throws InterruptedException {
    assertTrue(probe.handlerReturned.await(15, TimeUnit.SECONDS), "the handler returned");
    assertTrue(probe.handlerSawListener.get(), "the listener ran while the handler was blocked");
  }

  // ---- already handled: kept from regressing ----------------------------------------------------

  @Test
  void streamIdReuseIsAConnectionError() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET), false);
      p.data(1, request("one"), true);
      assertNotNull(p.awaitEnd(1, 5000));
      p.headers(1, grpcRequest(GREET), false);
      Frame g = p.awaitGoAway(5000);
      Frame r = p.await(f -> f.type() == Http2FrameTypes.RST_STREAM, 100);
      assertTrue(g != null || r != null, "reuse of a closed stream id answered: " + p.frames());
    }
  }

  @Test
  void settingsFloodLeavesTheServerServing() throws Exception {
    try (FramePeer p = connect()) {
      for (int i = 0; i < 10_000 && p.isOpen(); i++) {
        p.settings(new Http2Settings().maxConcurrentStreams(100));
      }
      p.reading(false); // and reads no ACK: Netty caps the queued control frames
      p.awaitClosed(3000);
    }
  }

  @Test
  void declaredLengthOfTwoGigabytesIsResourceExhausted() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET), false);
      p.data(1, new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, false);
      Frame end = p.awaitEnd(1, 5000);
      assertNotNull(end);
      assertEquals("8", String.valueOf(end.headers().get("grpc-status")), "RESOURCE_EXHAUSTED: " + end);
    }
  }

  @Test
  void compressedFlagWithoutEncodingIsInternal() throws Exception {
    try (FramePeer p = connect()) {
      p.headers(1, grpcRequest(GREET), false);
      byte[] msg = request("x");
      msg[0] = 1;
      p.data(1, msg, true);
      Frame end = p.awaitEnd(1, 5000);
      assertNotNull(end);
      assertEquals("13", String.valueOf(end.headers().get("grpc-status")), "INTERNAL: " + end);
    }
  }

  @Test
  void continuationFloodClosesTheConnection() throws Exception {
    try (FramePeer p = connect()) {
      // HEADERS without END_HEADERS, then endless CONTINUATION frames of junk header bytes.
      byte[] headers = {0, 0, 1, Http2FrameTypes.HEADERS, 0, 0, 0, 0, 1, (byte) 0x82};
      p.raw(headers);
      byte[] cont = new byte[9 + 16384];
      cont[0] = 0;
      cont[1] = 0x40;
      cont[2] = 0;
      cont[3] = Http2FrameTypes.CONTINUATION;
      cont[8] = 1;
      for (int i = 9; i < cont.length; i++) {
        cont[i] = 0x40; // literal header field with incremental indexing, new name ...
      }
      for (int i = 0; i < 2000 && p.isOpen(); i++) {
        p.raw(cont);
        if (i % 100 == 0) {
          Thread.sleep(1);
        }
      }
      assertTrue(p.awaitClosed(5000), "the flood closed the connection");
      // The server sends GOAWAY PROTOCOL_ERROR, but closes with our junk unread, and TCP may
      // then drop the GOAWAY in favour of the reset: judged when it arrives.
      Frame g = p.awaitGoAway(0);
      assertTrue(g == null || g.errorCode() == Http2Error.PROTOCOL_ERROR.code(), "GOAWAY names the error: " + g);
    }
  }

  @Test
  void slowlorisPrefaceIsClosedByTheHandshakeTimeout() throws Exception {
    // A client that sends part of the preface and nothing more: closed after handshakeTimeout.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write("PRI * HT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.setSoTimeout(20_000);
      // The server closes: read returns -1 (or the connection is reset).
      int r;
      try {
        r = s.getInputStream().read();
      } catch (java.net.SocketException e) {
        r = -1;
      }
      assertEquals(-1, r);
    }
  }
}
