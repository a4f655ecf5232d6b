package io.triple.netty.internal.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.triple.netty.internal.http2.WriteQueue;
import java.util.ArrayDeque;

/**
 * A client call's frames on their way to its stream: they wait here until the stream opens (the
 * connection may still be connecting, or at the server's MAX_CONCURRENT_STREAMS), and the last
 * DATA frame is held to the end of the write-queue drain, so that a halfClose in the same drain
 * sets END_STREAM on it (a unary request is then HEADERS + one DATA frame, not HEADERS + DATA +
 * an empty DATA).
 *
 * <p>Event loop only. Also the listener of every frame written: {@link #writeFailed} hears of
 * the first failure (one object per call, as the listener it replaces).
 */
abstract class PendingStream implements ChannelFutureListener {
  private final WriteQueue writes;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  /** The last request message, held until the end of the write-queue drain (see sendData). */
  private Http2DataFrame held;
  private Channel connection; // the connection the stream is on, once open
  private Http2FrameStream stream; // null until open

  PendingStream(WriteQueue writes) {
    this.writes = writes;
  }

  /** A frame of the call could not be written. */
  abstract void writeFailed(Throwable cause);

  @Override
  public final void operationComplete(ChannelFuture f) {
    if (!f.isSuccess()) {
      writeFailed(f.cause());
    }
  }

  /** The stream exists: what waited is written to it, in order (flushed by the write queue). */
  void open(Channel connection, Http2FrameStream stream) {
    this.connection = connection;
    this.stream = stream;
    Object frame;
    while ((frame = pending.poll()) != null) {
      connection.write(((Http2StreamFrame) frame).stream(stream)).addListener(this);
    }
  }

  /** Writes {@code frame} to the stream, or keeps it until the stream opens. */
  void write(Object frame) {
    if (stream == null) {
      pending.add(frame);
      return;
    }
    // Flushed by the write queue at the end of its drain.
    connection.write(((Http2StreamFrame) frame).stream(stream)).addListener(this);
  }

  /**
   * A batch of request messages: written at the end of this write-queue drain, unless
   * {@link #endStream} comes in the same drain, in which case it carries END_STREAM.
   */
  void sendData(Http2DataFrame frame) {
    if (stream == null) {
      write(frame);
      return;
    }
    writeHeld();
    held = frame;
    writes.beforeFlush(this::writeHeld);
  }

  private void writeHeld() {
    Http2DataFrame d = held;
    if (d != null) {
      held = null;
      write(d);
    }
  }

  /** END_STREAM: on the held or last waiting DATA frame if there is one, else an empty frame. */
  void endStream() {
    Http2DataFrame d = held;
    if (d != null) {
      held = null;
      write(new DefaultHttp2DataFrame(d.content(), true));
      return;
    }
    if (stream == null && pending.peekLast() instanceof Http2DataFrame last && !last.isEndStream()) {
      pending.pollLast();
      pending.add(new DefaultHttp2DataFrame(last.content(), true));
      return;
    }
    write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
  }

  /** The call ended: frames not written are released. */
  void releaseAll() {
    if (held != null) {
      held.release();
      held = null;
    }
    Object f;
    while ((f = pending.poll()) != null) {
      ReferenceCountUtil.release(f);
    }
  }
}
