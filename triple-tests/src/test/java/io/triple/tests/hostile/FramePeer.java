package io.triple.tests.hostile;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One HTTP/2 connection driven frame by frame, as a hostile or buggy peer would drive it: it
 * sends whatever frames a test asks for (zero window increments, trailers without END_STREAM,
 * DATA past a declared content-length, garbage bytes) and records every frame it receives.
 *
 * <p>Built on Netty's frame writer and reader ({@link DefaultHttp2FrameWriter},
 * {@link DefaultHttp2FrameReader}), not on our own codec and not on Netty's connection handler:
 * nothing between the test and the socket validates or answers on its own, except what the test
 * turns on (SETTINGS acks by default, PING acks if asked). It plays either side: {@link #connect}
 * makes a client connection, {@link Server} accepts server connections.
 */
public final class FramePeer implements AutoCloseable {
  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("frame-peer", true), NioIoHandler.newFactory());

  /** One received frame; fields that do not apply to its type are 0, null or false. */
  public record Frame(
      byte type,
      int streamId,
      boolean endStream,
      boolean ack,
      Http2Headers headers,
      byte[] data,
      long errorCode,
      int windowIncrement,
      int lastStreamId,
      String debugData,
      long pingData,
      Http2Settings settings) {

    public boolean isGoAway() {
      return type == Http2FrameTypes.GO_AWAY;
    }

    public boolean isReset(int stream) {
      return type == Http2FrameTypes.RST_STREAM && streamId == stream;
    }

    @Override
    public String toString() {
      return switch (type) {
        case Http2FrameTypes.HEADERS -> "HEADERS(" + streamId + (endStream ? ", end" : "") + ") " + headers;
        case Http2FrameTypes.DATA -> "DATA(" + streamId + ", " + data.length + (endStream ? ", end" : "") + ")";
        case Http2FrameTypes.RST_STREAM -> "RST_STREAM(" + streamId + ", " + Http2Error.valueOf(errorCode) + ")";
        case Http2FrameTypes.GO_AWAY -> "GOAWAY(last " + lastStreamId + ", " + Http2Error.valueOf(errorCode)
            + ", '" + debugData + "')";
        case Http2FrameTypes.WINDOW_UPDATE -> "WINDOW_UPDATE(" + streamId + ", +" + windowIncrement + ")";
        case Http2FrameTypes.PING -> "PING(" + (ack ? "ack, " : "") + pingData + ")";
        case Http2FrameTypes.SETTINGS -> "SETTINGS(" + (ack ? "ack" : settings) + ")";
        default -> "frame type " + type + " on " + streamId;
      };
    }
  }

  private static final int PREFACE_LENGTH = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
  private final Channel channel;
  /** Ignores the other side's header list limit: a test may send more on purpose. */
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter(Http2HeadersEncoder.NEVER_SENSITIVE, true);
  private final List<Frame> received = new ArrayList<>(); // guarded by itself
  private volatile boolean autoPingAck;
  private volatile long bytesReceived;
  private volatile Throwable readError;

  private FramePeer(Channel channel) {
    this.channel = channel;
  }

  /** Connects to a server on 127.0.0.1, sends the client preface and {@code settings}. */
  public static FramePeer connect(int port, Http2Settings settings) throws InterruptedException {
    FramePeer[] peer = new FramePeer[1];
    Channel ch = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            peer[0] = new FramePeer(c);
            c.pipeline().addLast(peer[0].new Reader(false));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
    FramePeer p = peer[0];
    p.onLoop(ctx -> {
      ctx.write(Http2CodecUtil.connectionPrefaceBuf());
      p.writer.writeSettings(ctx, settings, ctx.newPromise());
    });
    return p;
  }

  /** Connects with the default settings. */
  public static FramePeer connect(int port) throws InterruptedException {
    return connect(port, new Http2Settings());
  }

  /** Acks every PING the other side sends, as a well-behaved peer does (off by default). */
  public FramePeer autoPingAck(boolean on) {
    autoPingAck = on;
    return this;
  }

  // ---- sending ----------------------------------------------------------------------------

  public void headers(int streamId, Http2Headers headers, boolean endStream) {
    onLoop(ctx -> writer.writeHeaders(ctx, streamId, headers, 0, endStream, ctx.newPromise()));
  }

  public void data(int streamId, byte[] bytes, boolean endStream) {
    onLoop(ctx -> writer.writeData(ctx, streamId, Unpooled.wrappedBuffer(bytes), 0, endStream, ctx.newPromise()));
  }

  public void windowUpdate(int streamId, int increment) {
    onLoop(ctx -> writer.writeWindowUpdate(ctx, streamId, increment, ctx.newPromise()));
  }

  public void reset(int streamId, Http2Error error) {
    onLoop(ctx -> writer.writeRstStream(ctx, streamId, error.code(), ctx.newPromise()));
  }

  public void ping(long data) {
    onLoop(ctx -> writer.writePing(ctx, false, data, ctx.newPromise()));
  }

  public void settings(Http2Settings settings) {
    onLoop(ctx -> writer.writeSettings(ctx, settings, ctx.newPromise()));
  }

  public void goAway(int lastStreamId, Http2Error error, String debug) {
    onLoop(ctx -> writer.writeGoAway(ctx, lastStreamId, error.code(),
        Unpooled.copiedBuffer(debug, java.nio.charset.StandardCharsets.UTF_8), ctx.newPromise()));
  }

  /** Bytes as they are, e.g. a frame header that lies about its length. */
  public void raw(byte[] bytes) {
    onLoop(ctx -> ctx.write(Unpooled.wrappedBuffer(bytes)));
  }

  /** Stops reading from the socket (the other side's writes then back up), or resumes. */
  public void reading(boolean on) {
    channel.eventLoop().execute(() -> {
      channel.config().setAutoRead(on);
      if (on) {
        channel.read();
      }
    });
  }

  /** Runs {@code write} on the connection's event loop and flushes. */
  public void onLoop(Consumer<ChannelHandlerContext> write) {
    channel.eventLoop().execute(() -> {
      ChannelHandlerContext ctx = channel.pipeline().context(Reader.class);
      if (ctx != null && channel.isActive()) {
        write.accept(ctx);
        ctx.flush();
      }
    });
  }

  // ---- receiving --------------------------------------------------------------------------

  /** Waits for a received frame that matches; null after {@code millis}. */
  public Frame await(Predicate<Frame> match, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (received) {
      while (true) {
        for (Frame f : received) {
          if (match.test(f)) {
            return f;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
          return null;
        }
        received.wait(left);
      }
    }
  }

  /** Waits for the end of {@code streamId}: a frame with END_STREAM, or RST_STREAM. */
  public Frame awaitEnd(int streamId, long millis) throws InterruptedException {
    return await(f -> f.streamId == streamId
        && (f.endStream || f.type == Http2FrameTypes.RST_STREAM), millis);
  }

  public Frame awaitGoAway(long millis) throws InterruptedException {
    return await(Frame::isGoAway, millis);
  }

  /** Everything received so far, in order. */
  public List<Frame> frames() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The frames received on {@code streamId}. */
  public List<Frame> frames(int streamId) {
    return frames().stream().filter(f -> f.streamId == streamId).toList();
  }

  /** Bytes of DATA payload received on all streams. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** The error the frame reader hit (the other side sent something unreadable), or null. */
  public Throwable readError() {
    return readError;
  }

  public boolean awaitClosed(long millis) {
    return channel.closeFuture().awaitUninterruptibly(millis);
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
  }

  private void add(Frame f) {
    synchronized (received) {
      received.add(f);
      received.notifyAll();
    }
  }

  /**
   * Reads frames with Netty's frame reader (the server side first skips the client preface) and
   * records them. The reader decodes header blocks without validating them and with a large
   * limit, so a test sees what the other side really sent.
   */
  private final class Reader extends ByteToMessageDecoder {
    private final DefaultHttp2FrameReader reader =
        new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(false, 1 << 20));
    private boolean prefaceExpected;

    Reader(boolean server) {
      this.prefaceExpected = server;
      try {
        reader.maxFrameSize(Http2CodecUtil.MAX_FRAME_SIZE_UPPER_BOUND);
      } catch (Http2Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (prefaceExpected) {
        int n = PREFACE_LENGTH;
        if (in.readableBytes() < n) {
          return;
        }
        in.skipBytes(n);
        prefaceExpected = false;
      }
      try {
        reader.readFrame(ctx, in, listener);
      } catch (Http2Exception e) {
        readError = e;
        in.skipBytes(in.readableBytes());
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      readError = cause;
      ctx.close();
    }
  }

  private final Http2FrameListener listener = new Http2FrameListener() {
    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      byte[] bytes = ByteBufUtil.getBytes(data);
      bytesReceived += bytes.length;
      add(new Frame(Http2FrameTypes.DATA, streamId, endOfStream, false, null, bytes, 0, 0, 0, null, 0, null));
      return 0; // the test decides when (if ever) to return window
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) {
      add(new Frame(Http2FrameTypes.HEADERS, streamId, endOfStream, false, headers, null, 0, 0, 0, null, 0, null));
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
        boolean exclusive) {}

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      add(new Frame(Http2FrameTypes.RST_STREAM, streamId, false, false, null, null, errorCode, 0, 0, null, 0, null));
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
      add(new Frame(Http2FrameTypes.SETTINGS, 0, false, true, null, null, 0, 0, 0, null, 0, null));
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      add(new Frame(Http2FrameTypes.SETTINGS, 0, false, false, null, null, 0, 0, 0, null, 0, settings));
      writer.writeSettingsAck(ctx, ctx.newPromise());
      ctx.flush();
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
      add(new Frame(Http2FrameTypes.PING, 0, false, false, null, null, 0, 0, 0, null, data, null));
      if (autoPingAck) {
        writer.writePing(ctx, true, data, ctx.newPromise());
        ctx.flush();
      }
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
      add(new Frame(Http2FrameTypes.PING, 0, false, true, null, null, 0, 0, 0, null, data, null));
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
        Http2Headers headers, int padding) {}

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
      add(new Frame(Http2FrameTypes.GO_AWAY, 0, false, false, null, null, errorCode, 0, lastStreamId,
          debugData.toString(java.nio.charset.StandardCharsets.UTF_8), 0, null));
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
      add(new Frame(Http2FrameTypes.WINDOW_UPDATE, streamId, false, false, null, null, 0, windowSizeIncrement, 0,
          null, 0, null));
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
        ByteBuf payload) {}
  };

  /** Standard gRPC request headers for a POST to {@code path}. */
  public static Http2Headers grpcRequest(String path) {
    Http2Headers h = new DefaultHttp2Headers(false)
        .method("POST").scheme("http").path(path).authority("127.0.0.1");
    h.set("content-type", "application/grpc");
    h.set("te", "trailers");
    return h;
  }

  /** Standard gRPC response headers (status 200, content-type). */
  public static Http2Headers grpcResponse() {
    Http2Headers h = new DefaultHttp2Headers(false).status("200");
    h.set("content-type", "application/grpc");
    return h;
  }

  /** gRPC trailers with {@code code}. */
  public static Http2Headers grpcTrailers(int code) {
    return new DefaultHttp2Headers(false).set("grpc-status", Integer.toString(code));
  }

  /** A gRPC length-prefixed, uncompressed message. */
  public static byte[] grpcFrame(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(body.length >>> 24);
    out.write(body.length >>> 16);
    out.write(body.length >>> 8);
    out.write(body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Accepts connections on 127.0.0.1 and plays the server side of each at frame level. */
  public static final class Server implements AutoCloseable {
    private final Channel listener;
    private final BlockingQueue<FramePeer> accepted = new LinkedBlockingQueue<>();

    /** {@code settings}: what the server announces first on every connection. */
    public Server(Http2Settings settings) throws InterruptedException {
      this(settings, null);
    }

    /** As {@link #Server(Http2Settings)}, over TLS with {@code tls} (ALPN h2) when not null. */
    public Server(Http2Settings settings, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
      listener = new ServerBootstrap().group(GROUP).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
              FramePeer p = new FramePeer(c);
              if (tls != null) {
                c.pipeline().addLast(tls.newHandler(c.alloc()));
              }
              c.pipeline().addLast(p.new Reader(true));
              p.onLoop(ctx -> p.writer.writeSettings(ctx, settings, ctx.newPromise()));
              accepted.add(p);
            }
          })
          .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
      return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The next accepted connection, or null after {@code millis}. */
    public FramePeer accept(long millis) throws InterruptedException {
      return accepted.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      listener.close().awaitUninterruptibly();
      FramePeer p;
      while ((p = accepted.poll()) != null) {
        p.close();
      }
    }
  }
}
