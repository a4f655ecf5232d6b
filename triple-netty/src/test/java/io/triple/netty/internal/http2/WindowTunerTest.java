package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2WindowUpdateFrame;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bandwidth-delay measurement, frame by frame: what goes out (PING, then WINDOW_UPDATE and
 * SETTINGS) for what comes in. The peer's side is played by hand, so the bytes "in one round
 * trip" are whatever the test delivers from the read that sent the PING to its ACK.
 */
class WindowTunerTest {
  private static final int MIB = 1024 * 1024;
  /** The tuner's clock: a round trip lasts as long as the test moves it on. */
  private long now;
  private final WindowTuner tuner = new WindowTuner(MIB, () -> now);
  private final EmbeddedChannel channel = new EmbeddedChannel(tuner);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void growsBothWindowsToTwiceWhatArrivedInOneRoundTrip() {
    read(300 * 1024); // the first read with DATA starts a measurement, and counts
    assertPing();
    read(400 * 1024); // what else the peer sent before it answered the PING
    ack();
    Http2WindowUpdateFrame connection = assertInstanceOf(Http2WindowUpdateFrame.class, outbound());
    assertNull(connection.stream(), "the connection's window, not a stream's");
    assertEquals(2 * (1400 * 1024 - MIB), connection.windowSizeIncrement(), "twice the streams' growth");
    Http2SettingsFrame settings = assertInstanceOf(Http2SettingsFrame.class, outbound());
    assertEquals(1400 * 1024, settings.settings().initialWindowSize());
    assertEquals(1400 * 1024, tuner.window());
  }

  @Test
  void oneMeasurementAtATime() {
    read(1024);
    assertPing();
    read(1024);
    read(1024);
    assertNull(outbound(), "no second PING before the first one's ACK");
  }

  @Test
  void measurementsThatGrowNothingComeLessOften() {
    int[] readsBetween = new int[8];
    for (int m = 0; m < readsBetween.length; m++) {
      int reads = 0;
      do {
        read(1024); // small calls: a round trip never fills half the window
        reads++;
      } while (!(outbound() instanceof Http2PingFrame));
      readsBetween[m] = reads;
      ack();
      assertNull(outbound());
    }
    assertEquals("[1, 2, 4, 8, 16, 32, 64, 64]", java.util.Arrays.toString(readsBetween));
    assertEquals(MIB, tuner.window());
  }

  @Test
  void growsOnlyWhenTheBandwidthIsTheBestSeen() {
    read(MIB);
    assertPing();
    now += TimeUnit.MILLISECONDS.toNanos(1);
    ack(); // 1 MiB in a 1 ms round trip: grows to 2 MiB
    outbound();
    outbound();
    assertEquals(2 * MIB, tuner.window());
    read(MIB);
    assertPing();
    read(100 * 1024); // more than half the new window, so the window held the peer back ...
    now += TimeUnit.MILLISECONDS.toNanos(300); // ... but over a 300 ms round trip: less bandwidth
    ack();
    assertNull(outbound());
    assertEquals(2 * MIB, tuner.window());
  }

  @Test
  void stopsAtTheMaximum() {
    read(64 * MIB);
    assertPing();
    ack();
    Http2WindowUpdateFrame connection = assertInstanceOf(Http2WindowUpdateFrame.class, outbound());
    assertEquals(2 * (WindowTuner.MAX_WINDOW - MIB), connection.windowSizeIncrement());
    Http2SettingsFrame settings = assertInstanceOf(Http2SettingsFrame.class, outbound());
    assertEquals(WindowTuner.MAX_WINDOW, settings.settings().initialWindowSize());
    read(64 * MIB);
    assertNull(outbound(), "nothing left to learn: no more PINGs");
  }

  @Test
  void passesDataAndOtherPingsOn() {
    channel.writeInbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[10])));
    Http2DataFrame data = channel.readInbound();
    assertEquals(10, data.content().readableBytes());
    data.release();
    DefaultHttp2PingFrame keepAliveAck = new DefaultHttp2PingFrame(42, true);
    channel.writeInbound(keepAliveAck);
    assertSame(keepAliveAck, channel.readInbound());
    DefaultHttp2PingFrame peersPing = new DefaultHttp2PingFrame(WindowTuner.PING_PAYLOAD, false);
    channel.writeInbound(peersPing);
    assertSame(peersPing, channel.readInbound(), "a PING from the peer is the codec's to answer");
  }

  /** What the tuner wrote (the codec would flush it at the end of the read). */
  private Object outbound() {
    channel.flushOutbound();
    return channel.readOutbound();
  }

  /** One read carrying {@code bytes} of DATA, then its end. */
  private void read(int bytes) {
    channel.writeInbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[bytes])));
    Http2DataFrame passed = channel.readInbound();
    passed.release();
  }

  private void assertPing() {
    Http2PingFrame ping = assertInstanceOf(Http2PingFrame.class, outbound());
    assertEquals(WindowTuner.PING_PAYLOAD, ping.content());
    assertEquals(false, ping.ack());
  }

  private void ack() {
    channel.writeInbound(new DefaultHttp2PingFrame(WindowTuner.PING_PAYLOAD, true));
    assertNull(channel.readInbound(), "the ACK of our own PING stops here");
  }
}
