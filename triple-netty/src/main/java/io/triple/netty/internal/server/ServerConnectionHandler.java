package io.triple.netty.internal.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
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
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.triple.ConnectionListener;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.http2.ReceiveStalls;
import io.triple.netty.internal.http2.WindowUpdates;
import io.triple.netty.internal.http2.WriteQueue;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of one server connection, behind Netty's {@link Http2FrameCodec}: hands each
 * stream's frames and events to its {@link ServerStream}.
 *
 * <p>Why not Netty's {@code Http2MultiplexHandler}: it gives every stream a child channel with
 * its own pipeline, allocator, promises and per-write tasks, and profiling showed that to be most
 * of the server's event-loop time on small calls. A stream here is a plain object in a map.
 * Connection-level frames (SETTINGS, PING, GOAWAY) pass on down the pipeline.
 */
public final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);
  private final MethodRegistry registry;
  private final ServerStreamSettings settings;
  private final PlainHttpStreams plainHttp;
  private final ConnectionListener listener; // null: none was given
  private ReceiveStalls receiveStalls; // null without a listener
  private final IntObjectMap<ServerStream> streams = new IntObjectHashMap<>();
  private ChannelHandlerContext ctx;
  private Http2Connection http2;
  private WriteQueue writes;

  /** {@code plainHttp} serves the plain-HTTP requests among this connection's streams. */
  public ServerConnectionHandler(MethodRegistry registry, ServerStreamSettings settings,
      PlainHttpStreams plainHttp) {
    this(registry, settings, plainHttp, null);
  }

  /** {@code listener}, if not null, hears of each stream that stops being writable. */
  public ServerConnectionHandler(MethodRegistry registry, ServerStreamSettings settings,
      PlainHttpStreams plainHttp, ConnectionListener listener) {
    this.registry = registry;
    this.settings = settings;
    this.plainHttp = plainHttp;
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.http2 = ctx.pipeline().get(Http2FrameCodec.class).connection();
    if (listener != null) {
      receiveStalls = new ReceiveStalls(listener, http2);
    }
    this.writes = new WriteQueue(ctx.channel());
  }

  public Channel channel() {
    return ctx.channel();
  }

  /** All writes of this connection's streams, flushed together. */
  public WriteQueue writes() {
    return writes;
  }

  PlainHttpStreams plainHttp() {
    return plainHttp;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame) || frame.stream() == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    writes.readStarted();
    int id = frame.stream().id();
    ServerStream s = streams.get(id);
    if (msg instanceof Http2HeadersFrame headers) {
      if (s == null) {
        s = new ServerStream(this, headers.stream(), registry, settings);
        streams.put(id, s);
      }
      s.onHeaders(headers);
    } else if (msg instanceof Http2DataFrame data) {
      if (s == null) {
        consume(data.stream(), data.initialFlowControlledBytes());
        data.release();
      } else {
        s.onData(data);
        if (receiveStalls != null) {
          receiveStalls.afterData(id);
        }
      }
    } else if (msg instanceof Http2ResetFrame reset) {
      if (s != null) {
        s.onReset(reset.errorCode());
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    writes.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2FrameStreamEvent event) {
      Http2FrameStream stream = event.stream();
      ServerStream s = streams.get(stream.id());
      if (s != null) {
        if (event.type() == Http2FrameStreamEvent.Type.State) {
          if (stream.state() == Http2Stream.State.CLOSED) {
            streams.remove(stream.id());
            if (receiveStalls != null) {
              receiveStalls.released(stream.id());
            }
            s.onClosed();
          }
        } else if (event.type() == Http2FrameStreamEvent.Type.Writability) {
          // Netty's flow controller sends these for every stream whose writability changed,
          // including after the channel's own writability flips: no need to visit all here.
          if (s.onWritabilityChanged(isWritable(stream)) && listener != null && maySend(stream)) {
            listener.streamBlocked(); // not a stream turned unwritable by its own end
          }
        }
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /**
   * A stream-level protocol error in what the client sent. Netty's frame codec resets a stream
   * it knows only through the handler above it (its own multiplex handler does that; we replace
   * it), so here: reset the stream with the error's code and end its call. The connection and its
   * other streams live on. Connection errors go on down the pipeline.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof Http2FrameStreamException e)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    Http2FrameStream stream = e.stream();
    Throwable why = e.getCause() != null ? e.getCause() : e;
    log.debug("Resetting stream {} of {}: {} ({})", stream.id(), ctx.channel().remoteAddress(), e.error(),
        why.getMessage());
    ServerStream s = streams.get(stream.id());
    if (s != null) {
      s.onStreamError(e.error(), why);
    }
    if (stream.state() != Http2Stream.State.CLOSED) {
      writes.write(new DefaultHttp2ResetFrame(e.error()).stream(stream));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    writes.readComplete(); // a read cut short still releases what it held back
    ArrayList<ServerStream> left = new ArrayList<>(streams.values());
    streams.clear();
    for (ServerStream s : left) {
      s.onClosed();
    }
    ctx.fireChannelInactive();
  }

  /** Whether a stream can take more DATA now (its window, the connection's, the socket's buffer). */
  boolean isWritable(Http2FrameStream stream) {
    Http2Stream h = http2.stream(stream.id());
    return h != null && ctx.channel().isWritable() && http2.remote().flowController().isWritable(h);
  }

  private boolean maySend(Http2FrameStream stream) {
    Http2Stream h = http2.stream(stream.id());
    return h != null && h.state().localSideOpen();
  }

  /**
   * Returns {@code bytes} of a stream's received DATA to the peer's flow-control windows (the
   * stream's and the connection's). Event loop only. While a read or a write-queue drain is in
   * progress the update is flushed with everything else at its end; otherwise at once.
   */
  public void consume(Http2FrameStream stream, int bytes) {
    WindowUpdates.returnBytes(ctx, writes.flushPending(), stream, bytes);
    if (receiveStalls != null && bytes > 0) {
      receiveStalls.released(stream.id());
    }
  }

}
