package io.triple.tests.badinput;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately naive HTTP/2 client for sending what a well-behaved gRPC client never would:
 * wrong methods, content types, broken length prefixes, resets. Built on Netty's HTTP/2 codec,
 * so the HTTP/2 framing itself is valid; only the gRPC layer on top is broken on purpose.
 */
public final class RawH2Client implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;

  public RawH2Client(int port) throws InterruptedException {
    connection = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                // Lets a test send a header block larger than the server allows.
                Http2FrameCodecBuilder.forClient().encoderIgnoreMaxHeaderListSize(true).build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
  }

  public boolean isOpen() {
    return connection.isActive();
  }

  /** Standard gRPC request headers for a POST to {@code path}. */
  public static Http2Headers grpcHeaders(String path) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path(path).authority("127.0.0.1");
    h.set("content-type", "application/grpc");
    h.set("te", "trailers");
    return h;
  }

  /** A gRPC length-prefixed frame with any flag byte and any declared length. */
  static byte[] frame(int flag, long declaredLength, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(flag);
    out.write((int) (declaredLength >>> 24));
    out.write((int) (declaredLength >>> 16));
    out.write((int) (declaredLength >>> 8));
    out.write((int) declaredLength);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** A well-formed uncompressed frame. */
  public static byte[] frame(byte[] body) {
    return frame(0, body.length, body);
  }

  /** Opens a stream, sends headers and, if given, one DATA frame with END_STREAM. */
  public Exchange send(Http2Headers headers, byte[] data) throws InterruptedException {
    return send(headers, data, true);
  }

  Exchange send(Http2Headers headers, byte[] data, boolean endStream) throws InterruptedException {
    Exchange ex = new Exchange();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(ex).open().sync().getNow();
    ex.stream = stream;
    boolean headersEnd = data == null && endStream;
    stream.write(new DefaultHttp2HeadersFrame(headers, headersEnd)).addListener(f -> {
      if (!f.isSuccess()) {
        ex.writeFailure = f.cause();
      }
    });
    if (data != null) {
      stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(data), endStream));
    }
    stream.flush();
    return ex;
  }

  /** Sends headers, then {@code data} in DATA frames of {@code pieceSize} bytes, the last with END_STREAM. */
  public Exchange sendInPieces(Http2Headers headers, byte[] data, int pieceSize) throws InterruptedException {
    Exchange ex = new Exchange();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(ex).open().sync().getNow();
    ex.stream = stream;
    stream.write(new DefaultHttp2HeadersFrame(headers, false));
    for (int off = 0; off < data.length; off += pieceSize) {
      int n = Math.min(pieceSize, data.length - off);
      stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(data, off, n), off + n == data.length));
    }
    stream.flush();
    return ex;
  }

  /**
   * Opens a stream with headers only and resets it at once, without waiting for an answer.
   * False once the connection is closed.
   */
  boolean openAndReset(Http2Headers headers) throws InterruptedException {
    io.netty.util.concurrent.Future<Http2StreamChannel> opening =
        new Http2StreamChannelBootstrap(connection).handler(new ChannelInboundHandlerAdapter()).open().await();
    if (!opening.isSuccess()) {
      return false;
    }
    Http2StreamChannel stream = opening.getNow();
    stream.write(new DefaultHttp2HeadersFrame(headers, false));
    stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
    return connection.isActive();
  }

  /** Sends a PING on the connection (not waiting for the ack). */
  public void ping(long data) {
    connection.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2PingFrame(data));
  }

  /** Waits until the server closes the connection (GOAWAY then close), up to the timeout. */
  public boolean awaitClosed(long timeout, TimeUnit unit) {
    return connection.closeFuture().awaitUninterruptibly(timeout, unit);
  }

  @Override
  public void close() {
    connection.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** What came back on one stream. */
  public static final class Exchange extends ChannelInboundHandlerAdapter {
    public final List<Http2Headers> headers = new ArrayList<>();
    public final ByteArrayOutputStream data = new ByteArrayOutputStream();
    /** DATA frames that carried bytes (a message split over frames counts each part). */
    volatile int dataFrames;
    public volatile Long resetCode;
    volatile Throwable writeFailure;
    final CompletableFuture<Exchange> done = new CompletableFuture<>();
    public Http2StreamChannel stream;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame f) {
          headers.add(f.headers());
          if (f.isEndStream()) {
            done.complete(this);
          }
        } else if (msg instanceof Http2DataFrame f) {
          ByteBuf b = f.content();
          if (b.isReadable()) {
            dataFrames++;
          }
          data.writeBytes(ByteBufUtil.getBytes(b));
          if (f.isEndStream()) {
            done.complete(this);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Http2ResetFrame r) {
        resetCode = r.errorCode();
        done.complete(this);
      }
      ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.complete(this);
    }

    /** Waits for the end of the stream (END_STREAM, reset or close). */
    public Exchange await() throws Exception {
      return done.get(10, TimeUnit.SECONDS);
    }

    public String status() {
      return headers.isEmpty() ? null : String.valueOf(headers.get(0).status());
    }

    /** grpc-status from the last HEADERS frame (trailers, or the only one if trailers-only). */
    public String grpcStatus() {
      return last("grpc-status");
    }

    public String grpcMessage() {
      return last("grpc-message");
    }

    public String last(String name) {
      if (headers.isEmpty()) {
        return null;
      }
      CharSequence v = headers.get(headers.size() - 1).get(name);
      return v == null ? null : v.toString();
    }
  }
}
