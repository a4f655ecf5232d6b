package io.triple.netty.internal.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
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
import io.triple.netty.internal.http2.ReceiveStalls;
import io.triple.netty.internal.http2.WindowUpdates;
import io.triple.netty.internal.http2.WriteQueue;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * The streams of one client connection, behind Netty's {@link Http2FrameCodec}: hands each
 * stream's frames and events to the call that opened it. Like {@code ServerConnectionHandler},
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

    /** Returns true if the stream was writable and is no longer (a flow-control stall). */
    boolean onWritabilityChanged(boolean writable);

    /** The stream is closed (both ended, reset, or the connection is gone). */
    void onClosed();

    void onError(Throwable cause);
  }

  /**
   * Listeners of the streams that have an id, by id. Why not one identity map from stream to
   * listener: an identity hash per new stream (and probing it on every frame) was 4% of the
   * client's event loop with many small calls; an int key costs neither.
   */
  private final IntObjectMap<StreamListener> streams = new IntObjectHashMap<>();
  /**
   * Streams opened whose HEADERS are not yet written, so without an id, with their listeners
   * (same index). A call writes its HEADERS right after its stream opens, so these lists hold at
   * most a few entries.
   */
  private final ArrayList<Http2FrameStream> unnumbered = new ArrayList<>(4);
  private final ArrayList<StreamListener> unnumberedListeners = new ArrayList<>(4);
  private ChannelHandlerContext ctx;
  private Http2Connection http2;
  private final Supplier<WriteQueue> writeQueueSupplier;
  private WriteQueue writeQueue;
  private final ConnectionListener listener; // null: none was given
  private ReceiveStalls receiveStalls; // null without a listener

  /**
   * {@code writes}: the connection's write queue (it exists once the channel is initialised);
   * {@code listener}: told of the streams' flow-control stalls, or null.
   */
  ClientConnectionHandler(Supplier<WriteQueue> writes, ConnectionListener listener) {
    this.writeQueueSupplier = writes;
    this.listener = listener;
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.http2 = ctx.pipeline().get(Http2FrameCodec.class).connection();
    if (listener != null) {
      receiveStalls = new ReceiveStalls(listener, http2);
    }
    http2.addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamActive(Http2Stream stream) {
        // Netty reports a stream's writability only when it changes, and in its books a stream
        // starts unwritable: one whose window starts at zero (a server announcing
        // INITIAL_WINDOW_SIZE 0) is never reported, and its call, which assumes it may send until
        // told otherwise, would buffer without bound. So report that case here.
        if (http2.local().isValidStreamId(stream.id()) && !http2.remote().flowController().isWritable(stream)) {
          StreamListener s = listener(stream.id());
          if (s != null && s.onWritabilityChanged(false)) {
            blocked(stream.id());
          }
        }
      }
    });
  }

  /** A new stream for a call; it gets its id when its HEADERS are written. Event loop only. */
  Http2FrameStream newStream(StreamListener listener) {
    Http2FrameStream stream = newStream(); // Netty's public way to Http2FrameCodec.newStream()
    unnumbered.add(stream);
    unnumberedListeners.add(listener);
    return stream;
  }

  /** Forgets a stream whose HEADERS were never written (it will get no events). */
  void forget(Http2FrameStream stream) {
    int i = unnumbered.indexOf(stream); // identity: Http2FrameStream keeps Object.equals
    if (i >= 0) {
      removeUnnumbered(i);
    } else if (stream.id() > 0) {
      streams.remove(stream.id());
    }
  }

  /**
   * The listener of {@code stream}, or null. A stream gets its id when its HEADERS are written;
   * the first lookup after that moves every stream that has one into {@link #streams}.
   */
  private StreamListener listener(Http2FrameStream stream) {
    return listener(stream.id());
  }

  private StreamListener listener(int id) {
    if (id <= 0) {
      return null; // nothing is reported on a stream before its HEADERS are written
    }
    StreamListener s = streams.get(id);
    if (s == null && !unnumbered.isEmpty()) {
      for (int i = unnumbered.size() - 1; i >= 0; i--) {
        int assigned = unnumbered.get(i).id();
        if (assigned > 0) {
          streams.put(assigned, unnumberedListeners.get(i));
          removeUnnumbered(i);
        }
      }
      s = streams.get(id);
    }
    return s;
  }

  private void removeUnnumbered(int i) {
    int last = unnumbered.size() - 1;
    unnumbered.set(i, unnumbered.get(last));
    unnumbered.remove(last);
    unnumberedListeners.set(i, unnumberedListeners.get(last));
    unnumberedListeners.remove(last);
  }

  /** Every listener: of the numbered streams and of those still waiting for their HEADERS. */
  private ArrayList<StreamListener> allListeners() {
    ArrayList<StreamListener> all = new ArrayList<>(streams.size() + unnumbered.size());
    all.addAll(streams.values());
    all.addAll(unnumberedListeners);
    return all;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame) || frame.stream() == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    writes().readStarted();
    StreamListener s = listener(frame.stream());
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
      int id = data.stream().id();
      s.onData(data);
      if (receiveStalls != null) {
        receiveStalls.afterData(id);
      }
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
      StreamListener s = listener(stream);
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
          // including after the channel's own writability flips (before channelWritabilityChanged
          // below reaches this handler).
          if (s.onWritabilityChanged(isWritable(stream))) {
            blocked(stream.id());
          }
        }
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException e) {
      // A stream-level protocol error in what the server sent. Netty's frame codec resets a
      // stream it knows only through the handler above it (as its multiplex handler would), so
      // here; the connection and its other calls live on.
      StreamListener s = listener(e.stream());
      if (s != null) {
        s.onError(cause);
      }
      if (e.stream().state() != Http2Stream.State.CLOSED) {
        writes().write(new DefaultHttp2ResetFrame(e.error()).stream(e.stream()));
      }
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Copies first: a listener may end its call, and with it change these collections.
    int n = streams.size();
    int[] ids = new int[n];
    ArrayList<StreamListener> listeners = new ArrayList<>(n + unnumbered.size());
    int i = 0;
    for (IntObjectMap.PrimitiveEntry<StreamListener> e : streams.entries()) {
      ids[i++] = e.key();
      listeners.add(e.value());
    }
    listeners.addAll(unnumberedListeners); // no id yet: no window of their own to wait for
    for (int j = 0; j < listeners.size(); j++) {
      int id = j < n ? ids[j] : 0;
      if (listeners.get(j).onWritabilityChanged(isWritable(id))) {
        blocked(id); // a stream without an id yet, or one the flow controller did not report
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (writeQueue != null) {
      writeQueue.readComplete(); // a read cut short still releases what it held back
    }
    ArrayList<StreamListener> left = allListeners();
    streams.clear();
    unnumbered.clear();
    unnumberedListeners.clear();
    for (StreamListener s : left) {
      s.onClosed();
    }
    ctx.fireChannelInactive();
  }

  /** Whether a stream can take more DATA now (its window and the socket's buffer). */
  boolean isWritable(Http2FrameStream stream) {
    return isWritable(stream.id());
  }

  /** As {@link #isWritable(Http2FrameStream)}, by stream id (0 or less: not yet numbered). */
  private boolean isWritable(int id) {
    if (!ctx.channel().isWritable()) {
      return false;
    }
    Http2Stream h = id > 0 ? http2.stream(id) : null;
    return h == null || http2.remote().flowController().isWritable(h);
  }

  /**
   * A stream turned unwritable: tells the listener, unless its own end did it (Netty's flow
   * controller marks a stream unwritable once its END_STREAM is written; a last DATA still held
   * back by the window leaves the local side open, so that one is a stall). As the server's
   * handler does; a stream with no id yet has sent nothing, so it may still send.
   */
  private void blocked(int id) {
    if (listener == null) {
      return;
    }
    Http2Stream h = id > 0 ? http2.stream(id) : null;
    if (id <= 0 || (h != null && h.state().localSideOpen())) {
      listener.streamBlocked();
    }
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
    if (receiveStalls != null && bytes > 0) {
      receiveStalls.released(stream.id());
    }
  }

}
