package io.triple.netty.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Graceful shutdown of one server connection in two GOAWAY steps, as RFC 9113 §6.8 advises and
 * grpc-java does. A single GOAWAY naming the last stream the server has seen races with streams
 * the client opened just before it arrived: those are refused, and a client still sending DATA on
 * one makes Netty end the whole connection with PROTOCOL_ERROR, taking every call in flight with
 * it. So:
 *
 * <ol>
 *   <li>GOAWAY with last-stream-id 2^31-1 (clients stop opening streams, nothing is refused) and a
 *       PING;
 *   <li>on the PING ack (every stream the client opened before it saw the GOAWAY has arrived by
 *       then), or after a bound, GOAWAY with the real last stream id, then close: Netty's HTTP/2
 *       handler keeps the socket open until the streams in flight finish or its graceful-shutdown
 *       timeout passes.
 * </ol>
 */
public final class GracefulShutdownHandler extends ChannelInboundHandlerAdapter {
  private static final long PING_DATA = 0x7472692d62796521L; // "tri-bye!"
  private static final long MAX_PING_WAIT_MILLIS = 2000;

  private ChannelHandlerContext ctx;
  private boolean started;
  private boolean finished;
  private ScheduledFuture<?> pingTimeout;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Starts the shutdown; safe from any thread, idempotent. */
  public void start() {
    ctx.executor().execute(this::startOnLoop);
  }

  private void startOnLoop() {
    if (started || !ctx.channel().isActive()) {
      return;
    }
    started = true;
    ctx.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
    ctx.writeAndFlush(new DefaultHttp2PingFrame(PING_DATA));
    pingTimeout = ctx.executor().schedule(this::finish, MAX_PING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == PING_DATA) {
      ReferenceCountUtil.release(msg);
      finish();
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (pingTimeout != null) {
      pingTimeout.cancel(false);
    }
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
      ctx.channel().close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pingTimeout != null) {
      pingTimeout.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
