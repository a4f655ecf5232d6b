package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.EmptyHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * A plain-HTTP exchange on HTTP/1.1 (a bare JSON or protobuf body, or a request refused before
 * its dialect is known): a {@link PlainHttpCall}'s {@link PlainHttpCall.Exchange}, its
 * answer a whole response or a chunked one (server-sent events, with HTTP trailers).
 */
final class Http1PlainExchange extends Http1Exchange implements PlainHttpCall.Exchange {
  PlainHttpCall<?, ?> call;
  Http2Headers cors = EmptyHttp2Headers.INSTANCE; // for answers given before a call starts
  boolean numericStatus; // of error bodies given before a call starts (HttpErrors.numericStatus)

  Http1PlainExchange(Http1ServerHandler handler, ChannelHandlerContext ctx, boolean keepAlive) {
    super(handler, ctx, keepAlive);
  }

  void reject(int httpStatus, Status status) {
    PlainHttpCall.refuse(this, httpStatus, status, numericStatus, cors);
  }

  @Override
  void onWritable() {
    if (call != null) {
      call.onWritable();
    }
  }

  @Override
  void onConnectionClosed() {
    if (call != null) {
      call.cancel("Connection closed before the call completed");
    }
  }

  @Override
  public void respond(Http2Headers headers, ByteBuf body, Consumer<Boolean> onWritten) {
    super.respond(headers, body, onWritten);
  }

  // The streamed answer (server-sent events): always through the event loop's task queue, even
  // from the event loop itself, so pieces leave in the order the call handed them over.

  @Override
  public void startStream(Http2Headers headers) {
    ctx.executor().execute(() -> ctx.writeAndFlush(chunkedResponse(headers)));
  }

  @Override
  public void sendPiece(ByteBuf piece) {
    ctx.executor().execute(() -> ctx.writeAndFlush(new DefaultHttpContent(piece)));
  }

  @Override
  public void endStream(Http2Headers trailers, Consumer<Boolean> onWritten) {
    ctx.executor().execute(() -> {
      LastHttpContent last = new DefaultLastHttpContent();
      copyHeaders(trailers, last.trailingHeaders());
      ctx.writeAndFlush(last).addListener((ChannelFutureListener) f -> written(f, onWritten));
    });
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }

  @Override
  public EventLoop eventLoop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }
}
