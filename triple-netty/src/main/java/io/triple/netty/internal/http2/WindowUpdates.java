package io.triple.netty.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Gives received DATA bytes back to the peer's HTTP/2 flow-control windows (the stream's and the
 * connection's) once the application has taken them. Behind {@code Http2FrameCodec} nothing is
 * returned by itself: this is what holds a fast sender back when a handler reads slowly.
 */
public final class WindowUpdates {
  private WindowUpdates() {}

  /**
   * Event loop only. {@code flushFollows}: a read or a write-queue drain is in progress, so the
   * update goes out with the flush at its end; otherwise it is flushed at once. (Its order relative to other frames does not
   * matter, so it need not go through the write queue.)
   */
  public static void returnBytes(ChannelHandlerContext ctx, boolean flushFollows, Http2FrameStream stream, int bytes) {
    if (bytes <= 0 || stream.id() <= 0 || stream.state() == Http2Stream.State.CLOSED) {
      return; // a closed stream's unconsumed bytes go back to the connection window by themselves
    }
    DefaultHttp2WindowUpdateFrame update = new DefaultHttp2WindowUpdateFrame(bytes).stream(stream);
    if (flushFollows) {
      ctx.write(update);
    } else {
      ctx.writeAndFlush(update);
    }
  }
}
