package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.netty.internal.wire.HttpDate;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One HTTP/1.1 request and its answer on an {@link Http1ServerHandler}'s connection: what the
 * plain and the framed exchanges share (the response's status line and headers, a whole answer,
 * what happens once the answer is out).
 */
abstract class Http1Exchange {
  final Http1ServerHandler handler;
  final ChannelHandlerContext ctx;
  /** The connection stays open after this answer (false: {@code connection: close}). */
  boolean keepAlive;

  Http1Exchange(Http1ServerHandler handler, ChannelHandlerContext ctx, boolean keepAlive) {
    this.handler = handler;
    this.ctx = ctx;
    this.keepAlive = keepAlive;
  }

  /** The socket can take more: a call waiting on isReady() may go on. */
  abstract void onWritable();

  /** The connection closed before the answer was written. */
  abstract void onConnectionClosed();

  /**
   * Sends the whole answer with a content length; any thread. {@code onWritten} hears, on the
   * event loop, whether it was written.
   */
  void respond(Http2Headers headers, ByteBuf body, Consumer<Boolean> onWritten) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> respond(headers, body, onWritten));
      return;
    }
    if (!ctx.channel().isActive()) {
      body.release();
      onWritten.accept(false);
      return;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(headers), body);
    head(headers, response);
    HttpUtil.setContentLength(response, body.readableBytes());
    closeIfLast(response);
    ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> written(f, onWritten));
  }

  /** The head of an answer whose body follows in chunks (event loop). */
  HttpResponse chunkedResponse(Http2Headers headers) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status(headers));
    head(headers, response);
    HttpUtil.setTransferEncodingChunked(response, true);
    closeIfLast(response);
    return response;
  }

  private void head(Http2Headers headers, HttpResponse response) {
    copyHeaders(headers, response.headers());
    response.headers().set(HttpHeaderNames.DATE, HttpDate.now());
  }

  private void closeIfLast(HttpResponse response) {
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private static HttpResponseStatus status(Http2Headers headers) {
    return HttpResponseStatus.valueOf(Integer.parseInt(headers.status().toString()));
  }

  /** The answer's last write is done: close the connection if it ends here, let the next request run. */
  void written(ChannelFuture f, Consumer<Boolean> onWritten) {
    onWritten.accept(f.isSuccess());
    if (!keepAlive || !f.isSuccess()) {
      f.channel().close();
    }
    handler.finished(this);
  }

  static void copyHeaders(Http2Headers from, HttpHeaders to) {
    for (Map.Entry<CharSequence, CharSequence> h : from) {
      if (h.getKey().length() > 0 && h.getKey().charAt(0) != ':') {
        to.add(h.getKey(), h.getValue());
      }
    }
  }
}
