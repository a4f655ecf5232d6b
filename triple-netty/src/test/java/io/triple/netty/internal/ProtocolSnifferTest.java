package io.triple.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cleartext protocol choice by the first bytes, and the handshake timeout on the embedded
 * channel's clock.
 */
class ProtocolSnifferTest {
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
  private final List<String> chosen = new ArrayList<>();
  private final ProtocolSniffer sniffer = new ProtocolSniffer(TIMEOUT, ctx -> chosen.add("h2"), ctx -> chosen.add("http/1.1"));
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @BeforeEach
  void addSniffer() {
    channel.freezeTime(); // before the sniffer schedules its timeout: only the test moves the clock
    channel.pipeline().addLast(sniffer);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void prefaceChoosesHttp2AndPassesTheBytesOn() {
    channel.writeInbound(Unpooled.wrappedBuffer(preface(), ascii("\0\0\0\4\0\0\0\0\0"))); // + empty SETTINGS

    assertEquals(List.of("h2"), chosen);
    assertNull(channel.pipeline().get(ProtocolSniffer.class), "steps aside");
    assertEquals(Http2CodecUtil.connectionPrefaceBuf().readableBytes() + 9, readAll().length);
  }

  @Test
  void getChoosesHttp1AndPassesTheBytesOn() {
    channel.writeInbound(ascii("GET / HTTP/1.1\r\n"));

    assertEquals(List.of("http/1.1"), chosen);
    assertNull(channel.pipeline().get(ProtocolSniffer.class));
    assertEquals("GET / HTTP/1.1\r\n", new String(readAll(), StandardCharsets.US_ASCII));
  }

  @Test
  void prefaceInPiecesWaitsForTheWholePreface() {
    ByteBuf preface = preface();
    channel.writeInbound(preface.readRetainedSlice(1));
    channel.writeInbound(preface.readRetainedSlice(10));
    assertEquals(List.of(), chosen);
    assertEquals(sniffer, channel.pipeline().get(ProtocolSniffer.class));

    channel.writeInbound(preface);

    assertEquals(List.of("h2"), chosen);
    assertEquals(Http2CodecUtil.connectionPrefaceBuf().readableBytes(), readAll().length, "nothing lost");
  }

  @Test
  void firstDifferingByteChoosesHttp1() {
    channel.writeInbound(ascii("PRI * HTTP/1.1\r\n")); // the preface's first 11 bytes, then not

    assertEquals(List.of("http/1.1"), chosen);
  }

  @Test
  void silentClientIsDisconnectedAfterTheTimeout() {
    channel.advanceTimeBy(TIMEOUT - 1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen());

    channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();

    assertFalse(channel.isOpen());
    assertEquals(List.of(), chosen);
  }

  @Test
  void partialPrefaceIsDisconnectedAfterTheTimeoutToo() {
    channel.writeInbound(preface().readRetainedSlice(5));

    channel.advanceTimeBy(TIMEOUT, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();

    assertFalse(channel.isOpen());
  }

  @Test
  void timeoutIsCancelledOnceTheProtocolIsKnown() {
    channel.writeInbound(ascii("POST /x HTTP/1.1\r\n"));
    readAll();

    channel.advanceTimeBy(TIMEOUT * 2, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();

    assertTrue(channel.isOpen());
  }

  private static ByteBuf preface() {
    return Http2CodecUtil.connectionPrefaceBuf();
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /** Everything the sniffer passed on to the handlers after it. */
  private byte[] readAll() {
    ByteBuf all = Unpooled.buffer();
    ByteBuf b;
    while ((b = channel.readInbound()) != null) {
      all.writeBytes(b);
      b.release();
    }
    byte[] bytes = new byte[all.readableBytes()];
    all.readBytes(bytes);
    return bytes;
  }
}
