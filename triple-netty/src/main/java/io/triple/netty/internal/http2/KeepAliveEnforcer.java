package io.triple.netty.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.logging.LogLevel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * HEADERS or DATA going either way forgive all: PINGs while calls exchange frames are no flood.
 * That matters for grpc-java's clients, which PING to measure bandwidth (BDP) while they receive
 * DATA, once per round trip; grpc-java's server forgives them each time its frame writer writes
 * DATA or HEADERS. Ours learns of those writes the same way, from a {@link Http2FrameLogger}
 * given to the codec ({@link #frameObserver()}): the flow controller writes DATA as the peer's
 * window opens, long after the streams handed it over.
 *
 * <p>Sits right after the frame codec, which has already acknowledged each PING.
 */
public final class KeepAliveEnforcer extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(KeepAliveEnforcer.class);
  public static final String TOO_MANY_PINGS = "too_many_pings";
  private static final int MAX_PING_STRIKES = 2;
  private static final long IMPLICIT_PERMIT_NANOS = TimeUnit.HOURS.toNanos(2);

  private final long permitNanos;
  private final boolean permitWithoutCalls;
  private final LongSupplier nanoTime;
  private Http2Connection http2;
  private long lastValidPingNanos;
  private boolean anyValidPing;
  private int strikes;
  /** GOAWAY is on its way: the PINGs read behind the one that ended it change nothing. */
  private boolean closing;

  public KeepAliveEnforcer(long permitNanos, boolean permitWithoutCalls) {
    this(permitNanos, permitWithoutCalls, System::nanoTime);
  }

  /** As above, timing PINGs with {@code nanoTime} (tests set the clock). */
  public KeepAliveEnforcer(long permitNanos, boolean permitWithoutCalls, LongSupplier nanoTime) {
    this.permitNanos = permitNanos;
    this.permitWithoutCalls = permitWithoutCalls;
    this.nanoTime = nanoTime;
  }

  /** The connection of the codec this enforcer sits behind (for its count of calls in flight). */
  public void connection(Http2Connection connection) {
    this.http2 = connection;
  }

  /**
   * For the codec's builder ({@code frameLogger}): sees every frame the codec writes, and still
   * logs frames at TRACE under {@code io.triple.netty.frames} for whoever turns that on.
   */
  public Http2FrameLogger frameObserver() {
    return new Http2FrameLogger(LogLevel.TRACE, "io.triple.netty.frames") {
      @Override
      public void logData(Direction direction, ChannelHandlerContext ctx, int streamId, ByteBuf data,
          int padding, boolean endStream) {
        written(direction);
        super.logData(direction, ctx, streamId, data, padding, endStream);
      }

      @Override
      public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
          int padding, boolean endStream) {
        written(direction);
        super.logHeaders(direction, ctx, streamId, headers, padding, endStream);
      }

      @Override
      public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
          int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {
        written(direction);
        super.logHeaders(direction, ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream);
      }
    };
  }

  private void written(Http2FrameLogger.Direction direction) {
    if (direction == Http2FrameLogger.Direction.OUTBOUND) {
      forgive();
    }
  }

  private void forgive() {
    anyValidPing = false;
    strikes = 0;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame) {
      forgive();
    } else if (msg instanceof Http2PingFrame ping && !ping.ack() && (closing || !pingAcceptable())) {
      if (closing) {
        return; // one GOAWAY is enough
      }
      closing = true;
      log.debug("Closing connection {}: too many PINGs", ctx.channel().remoteAddress());
      ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM,
              ByteBufUtil.writeAscii(ctx.alloc(), TOO_MANY_PINGS)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private boolean pingAcceptable() {
    long now = nanoTime.getAsLong();
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
