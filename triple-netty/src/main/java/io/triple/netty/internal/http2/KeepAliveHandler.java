package io.triple.netty.internal.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/2 keepalive: when nothing has been read for {@code time}, sends a PING; if no PING ack
 * comes back within {@code timeout}, closes the connection so calls on it fail fast (and clients
 * reconnect) instead of hanging on a dead peer. Sits after the frame codec and the streams
 * handler, which pass connection-level frames such as PING acks down the pipeline.
 */
public final class KeepAliveHandler extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(KeepAliveHandler.class);

  private final long timeNanos;
  private final long timeoutNanos;
  private final BooleanSupplier wanted;
  private ChannelHandlerContext ctx;
  private long lastReadNanos;
  private long pendingPing = -1;
  private ScheduledFuture<?> timer;

  /**
   * {@code wanted} says, when a PING is due, whether to send it now: a client without calls in
   * flight does not ping unless told to (servers refuse too frequent pings on idle connections,
   * see {@link KeepAliveEnforcer}).
   */
  public KeepAliveHandler(long timeNanos, long timeoutNanos, BooleanSupplier wanted) {
    this.timeNanos = timeNanos;
    this.timeoutNanos = timeoutNanos;
    this.wanted = wanted;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    lastReadNanos = System.nanoTime();
    if (ctx.channel().isActive()) {
      schedule(timeNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    lastReadNanos = System.nanoTime();
    if (timer == null) {
      schedule(timeNanos);
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    lastReadNanos = System.nanoTime();
    if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == pendingPing) {
      pendingPing = -1;
      // The next PING is due a keepalive time after this ack, not after the ack's timeout.
      cancel();
      schedule(timeNanos);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    // Stream frames stop at the streams handler, not here; any read on the socket counts.
    lastReadNanos = System.nanoTime();
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void schedule(long delayNanos) {
    timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (pendingPing != -1) {
      log.warn("Keepalive PING to {} not acknowledged within {} ms; closing the connection",
          ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      ctx.close();
      return;
    }
    long idle = now - lastReadNanos;
    if (idle >= timeNanos && !wanted.getAsBoolean()) {
      schedule(timeNanos);
    } else if (idle >= timeNanos) {
      pendingPing = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      ctx.writeAndFlush(new DefaultHttp2PingFrame(pendingPing));
      schedule(timeoutNanos);
    } else {
      schedule(timeNanos - idle);
    }
  }
}
