package io.triple.netty.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses clients that PING a server connection more often than allowed, as grpc-java's servers
 * do ({@code permitKeepAliveTime}, {@code permitKeepAliveWithoutCalls}; our defaults are laxer,
 * see TripleServer.Builder): every PING costs the server an answer, so a client pinging in a
 * tight loop is a cheap flood. A PING is fine when the last accepted one is at least the
 * permitted time ago (two hours while the connection has no calls, if pings without calls are
 * not permitted); two too-early PINGs are forgiven, the third
 * ends the connection with GOAWAY {@code ENHANCE_YOUR_CALM} and the debug data
 * {@code too_many_pings}, which gRPC clients (ours included) answer by pinging half as often.
 * Request HEADERS or DATA forgive all: PINGs between calls' frames are no flood.
 *
 * <p>Sits right after the frame codec, which has already acknowledged each PING.
 */
final class KeepAliveEnforcer extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(KeepAliveEnforcer.class);
  static final String TOO_MANY_PINGS = "too_many_pings";
  private static final int MAX_PING_STRIKES = 2;
  private static final long IMPLICIT_PERMIT_NANOS = TimeUnit.HOURS.toNanos(2);

  private final long permitNanos;
  private final boolean permitWithoutCalls;
  private final Http2Connection http2;
  private long lastValidPingNanos;
  private boolean anyValidPing;
  private int strikes;

  KeepAliveEnforcer(long permitNanos, boolean permitWithoutCalls, Http2Connection http2) {
    this.permitNanos = permitNanos;
    this.permitWithoutCalls = permitWithoutCalls;
    this.http2 = http2;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame) {
      anyValidPing = false;
      strikes = 0;
    } else if (msg instanceof Http2PingFrame ping && !ping.ack() && !pingAcceptable()) {
      log.debug("Closing connection {}: too many PINGs", ctx.channel().remoteAddress());
      ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM,
              ByteBufUtil.writeAscii(ctx.alloc(), TOO_MANY_PINGS)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private boolean pingAcceptable() {
    long now = System.nanoTime();
    long interval = permitWithoutCalls || http2.numActiveStreams() > 0
        ? permitNanos : Math.max(permitNanos, IMPLICIT_PERMIT_NANOS);
    if (!anyValidPing || now - lastValidPingNanos >= interval) {
      anyValidPing = true;
      lastValidPingNanos = now;
      return true;
    }
    return ++strikes <= MAX_PING_STRIKES;
  }
}
