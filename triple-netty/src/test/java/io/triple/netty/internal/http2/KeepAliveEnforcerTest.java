package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PING policing, with the enforcer's clock in the test's hands: PINGs at the permitted rate pass,
 * two early ones are forgiven, the third ends the connection with GOAWAY ENHANCE_YOUR_CALM
 * "too_many_pings"; HEADERS or DATA either way forgive.
 */
class KeepAliveEnforcerTest {
  private static final long PERMIT = TimeUnit.MINUTES.toNanos(5);
  private long now = 1_000_000_000L;
  private final Http2Connection http2 = new DefaultHttp2Connection(true);
  private EmbeddedChannel channel;
  private KeepAliveEnforcer enforcer;

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void start(boolean permitWithoutCalls) {
    enforcer = new KeepAliveEnforcer(PERMIT, permitWithoutCalls, () -> now);
    enforcer.connection(http2);
    channel = new EmbeddedChannel(enforcer);
  }

  @Test
  void pingsAtThePermittedRateAllPass() {
    start(true);
    for (int i = 0; i < 10; i++) {
      assertPassed(ping());
      now += PERMIT;
    }
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
  }

  @Test
  void thirdEarlyPingEndsTheConnectionWithEnhanceYourCalm() {
    start(true);
    assertPassed(ping()); // the first is fine
    now += PERMIT / 2;
    assertPassed(ping()); // early: strike one, forgiven
    assertPassed(ping()); // early: strike two, forgiven
    assertTrue(channel.isOpen());

    ping();

    assertNull(channel.readInbound(), "the offending PING goes no further");
    Http2GoAwayFrame goAway = assertInstanceOf(Http2GoAwayFrame.class, channel.readOutbound());
    assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAway.errorCode());
    assertEquals("too_many_pings", goAway.content().toString(StandardCharsets.US_ASCII));
    goAway.release();
    assertFalse(channel.isOpen(), "closed once the GOAWAY is written");
  }

  @Test
  void headersFromThePeerForgive() {
    start(true);
    for (int i = 0; i < 10; i++) {
      assertPassed(ping());
      assertPassed(ping());
      channel.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()));
      assertInstanceOf(Http2HeadersFrame.class, channel.readInbound());
    }
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
  }

  @Test
  void framesTheServerWritesForgive() {
    start(true);
    Http2FrameLogger writes = enforcer.frameObserver();
    for (int i = 0; i < 10; i++) {
      assertPassed(ping());
      assertPassed(ping());
      writes.logData(Http2FrameLogger.Direction.OUTBOUND, channel.pipeline().firstContext(), 1,
          Unpooled.EMPTY_BUFFER, 0, false);
    }
    assertTrue(channel.isOpen());
  }

  @Test
  void framesTheServerReadsDoNotForgiveThroughTheObserver() {
    start(true);
    Http2FrameLogger writes = enforcer.frameObserver();
    assertPassed(ping());
    for (int i = 0; i < 3; i++) {
      writes.logData(Http2FrameLogger.Direction.INBOUND, channel.pipeline().firstContext(), 1,
          Unpooled.EMPTY_BUFFER, 0, false);
      ping();
    }
    assertFalse(channel.isOpen());
    ((Http2GoAwayFrame) channel.readOutbound()).release();
  }

  @Test
  void withoutCallsPingsMustWaitTwoHoursUnlessPermitted() throws Http2Exception {
    start(false);
    assertPassed(ping());
    now += PERMIT;
    assertPassed(ping()); // no call in flight: early, strike one
    now += PERMIT;
    assertPassed(ping()); // strike two
    http2.remote().createStream(1, false); // a call in flight: the permit time applies again
    now += PERMIT;
    assertPassed(ping());
    assertTrue(channel.isOpen());
  }

  @Test
  void withoutCallsAtThePermitTimeTheThirdEarlyPingEndsTheConnection() {
    start(false);
    for (int i = 0; i < 3; i++) {
      assertPassed(ping());
      now += PERMIT;
    }
    ping();
    assertFalse(channel.isOpen());
    ((Http2GoAwayFrame) channel.readOutbound()).release();
  }

  @Test
  void pingAcksAreNotPoliced() {
    start(true);
    for (int i = 0; i < 10; i++) {
      DefaultHttp2PingFrame ack = new DefaultHttp2PingFrame(i, true);
      channel.writeInbound(ack);
      assertSame(ack, channel.readInbound());
    }
    assertTrue(channel.isOpen());
  }

  private Http2PingFrame ping() {
    Http2PingFrame ping = new DefaultHttp2PingFrame(42);
    channel.writeInbound(ping);
    return ping;
  }

  private void assertPassed(Http2PingFrame ping) {
    assertSame(ping, channel.readInbound(), "passed on to the codec's neighbours");
  }
}
