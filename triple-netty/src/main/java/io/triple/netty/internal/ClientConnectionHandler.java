package io.triple.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The streams of one client connection, behind Netty's {@link Http2FrameCodec}: hands each
 * stream's frames and events to the call that opened it. Like {@link ServerConnectionHandler},
 * and for the same reason: a child channel and pipeline per call (Netty's
 * {@code Http2MultiplexHandler}) was most of the client's event-loop time on small calls.
 */
final class ClientConnectionHandler extends Http2ChannelDuplexHandler {
  /** What a call hears about its stream; event loop only. */
  interface StreamListener {
    void onHeaders(Http2HeadersFrame frame);

    /** Takes ownership of {@code frame}. */
    void onData(Http2DataFrame frame);

    void onReset(long errorCode);

    void onWritabilityChanged(boolean writable);

    /** The stream is closed (both ended, reset, or the connection is gone). */
    void onClosed();

    void onError(Throwable cause);
  }

  private final Map<Http2FrameStream, StreamListener> streams = new IdentityHashMap<>();
  private ChannelHandlerContext ctx;
  private Http2Connection http2;
  private final Supplier<WriteQueue> writeQueueSupplier;
  private WriteQueue writeQueue;

  /** {@code writes}: the connection's write queue (it exists once the channel is initialised). */
  ClientConnectionHandler(Supplier<WriteQueue> writes) {
    this.writeQueueSupplier = writes;
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.http2 = ctx.pipeline().get(Http2FrameCodec.class).connection();
  }

  /** A new stream for a call; it gets its id when its HEADERS are written. Event loop only. */
  Http2FrameStream newStream(StreamListener listener) {
    Http2FrameStream stream = newStream(); // Netty's public way to Http2FrameCodec.newStream()
    streams.put(stream, listener);
    return stream;
  }

  /** Forgets a stream whose HEADERS were never written (it will get no events). */
  void forget(Http2FrameStream stream) {
    streams.remove(stream);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame) || frame.stream() == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    writes().readStarted();
    StreamListener s = streams.get(frame.stream());
    if (s == null) {
      if (msg instanceof Http2DataFrame data) {
        consume(data.stream(), data.initialFlowControlledBytes());
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof Http2HeadersFrame headers) {
      s.onHeaders(headers);
    } else if (msg instanceof Http2DataFrame data) {
      s.onData(data);
    } else if (msg instanceof Http2ResetFrame reset) {
      s.onReset(reset.errorCode());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (writeQueue != null) { // null until the first stream frame: nothing to flush before
      writeQueue.readComplete();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2FrameStreamEvent event) {
      Http2FrameStream stream = event.stream();
      StreamListener s = streams.get(stream);
      if (s != null) {
        if (event.type() == Http2FrameStreamEvent.Type.State) {
          if (stream.state() == Http2Stream.State.CLOSED) {
            streams.remove(stream);
            s.onClosed();
          }
        } else if (event.type() == Http2FrameStreamEvent.Type.Writability) {
          s.onWritabilityChanged(isWritable(stream));
        }
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException e) {
      StreamListener s = streams.get(e.stream());
      if (s != null) {
        s.onError(cause);
      }
      return; // Netty has reset that stream; the connection lives on
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    for (Map.Entry<Http2FrameStream, StreamListener> e : new ArrayList<>(streams.entrySet())) {
      e.getValue().onWritabilityChanged(isWritable(e.getKey()));
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (writeQueue != null) {
      writeQueue.readComplete(); // a read cut short still releases what it held back
    }
    ArrayList<StreamListener> left = new ArrayList<>(streams.values());
    streams.clear();
    for (StreamListener s : left) {
      s.onClosed();
    }
    ctx.fireChannelInactive();
  }

  /** Whether a stream can take more DATA now (its window and the socket's buffer). */
  boolean isWritable(Http2FrameStream stream) {
    if (!ctx.channel().isWritable()) {
      return false;
    }
    Http2Stream h = stream.id() > 0 ? http2.stream(stream.id()) : null;
    return h == null || http2.remote().flowController().isWritable(h);
  }

  /** The connection's write queue (looked up once: it exists only after the channel is set up). */
  private WriteQueue writes() {
    if (writeQueue == null) {
      writeQueue = writeQueueSupplier.get();
    }
    return writeQueue;
  }

  /** Returns received bytes to the server's windows (see ServerConnectionHandler#consume). */
  void consume(Http2FrameStream stream, int bytes) {
    WindowUpdates.returnBytes(ctx, writes().flushPending(), stream, bytes);
  }

}
