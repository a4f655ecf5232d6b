package io.triple.netty.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.triple.netty.internal.http2.WriteQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client call's frames look like on the wire, whether its stream is open yet or not. */
class PendingStreamTest {
  final EmbeddedChannel channel = new EmbeddedChannel();
  final WriteQueue writes = new WriteQueue(channel);
  final List<Throwable> failures = new ArrayList<>();
  final PendingStream pending = new PendingStream(writes) {
    @Override
    void writeFailed(Throwable cause) {
      failures.add(cause);
    }
  };
  final Http2FrameStream stream = new Http2FrameStream() {
    @Override
    public int id() {
      return 3;
    }

    @Override
    public Http2Stream.State state() {
      return Http2Stream.State.OPEN;
    }
  };

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  static Http2DataFrame data(String s) {
    return new DefaultHttp2DataFrame(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8), false);
  }

  <T> T next(Class<T> type) {
    channel.flush();
    return assertInstanceOf(type, channel.readOutbound());
  }

  static String text(Http2DataFrame d) {
    String s = d.content().toString(StandardCharsets.UTF_8);
    d.release();
    return s;
  }

  @Test
  void framesWaitForTheStreamAndTheLastCarriesEndStream() {
    pending.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(), false));
    pending.sendData(data("request"));
    pending.endStream();
    channel.flush();
    assertNull(channel.readOutbound(), "nothing before the stream opens");

    pending.open(channel, stream);
    assertEquals(stream, next(Http2HeadersFrame.class).stream());
    Http2DataFrame d = next(Http2DataFrame.class);
    assertTrue(d.isEndStream(), "END_STREAM set on the request, no empty frame after it");
    assertEquals(stream, d.stream());
    assertEquals("request", text(d));
    channel.flush();
    assertNull(channel.readOutbound());
  }

  @Test
  void halfCloseInTheSameDrainRidesOnTheHeldMessage() {
    pending.open(channel, stream);
    writes.readStarted();
    pending.sendData(data("a"));
    pending.sendData(data("b"));
    pending.endStream();
    writes.readComplete();
    Http2DataFrame a = next(Http2DataFrame.class);
    assertEquals(false, a.isEndStream());
    assertEquals("a", text(a));
    Http2DataFrame b = next(Http2DataFrame.class);
    assertTrue(b.isEndStream());
    assertEquals("b", text(b));
    channel.flush();
    assertNull(channel.readOutbound());
  }

  @Test
  void aHalfCloseAfterTheDrainIsAnEmptyFrame() {
    pending.open(channel, stream);
    writes.readStarted();
    pending.sendData(data("a"));
    writes.readComplete();
    Http2DataFrame a = next(Http2DataFrame.class);
    assertEquals(false, a.isEndStream());
    assertEquals("a", text(a));
    pending.endStream();
    Http2DataFrame end = next(Http2DataFrame.class);
    assertTrue(end.isEndStream());
    assertEquals(0, end.content().readableBytes());
  }

  @Test
  void framesNotWrittenAreReleased() {
    Http2DataFrame waiting = data("waiting");
    pending.sendData(waiting);
    pending.releaseAll();
    assertEquals(0, waiting.refCnt());

    pending.open(channel, stream);
    writes.readStarted();
    Http2DataFrame held = data("held");
    pending.sendData(held);
    pending.releaseAll();
    writes.readComplete();
    assertEquals(0, held.refCnt());
    channel.flush();
    assertNull(channel.readOutbound());
  }

  @Test
  void aFailedWriteIsReported() {
    pending.open(channel, stream);
    channel.close();
    ByteBuf content = Unpooled.copiedBuffer("late", StandardCharsets.UTF_8);
    pending.write(new DefaultHttp2DataFrame(content, true));
    channel.runPendingTasks();
    assertEquals(1, failures.size());
  }
}
