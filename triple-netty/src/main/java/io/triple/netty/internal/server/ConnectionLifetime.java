package io.triple.netty.internal.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends server connections that sit idle or live too long, as grpc-java's
 * {@code maxConnectionIdle} and {@code maxConnectionAge} do: both shut the connection down
 * gracefully (GOAWAY, calls in flight finish), and clients open a new one for their next call.
 *
 * <p>Why: an idle connection holds memory and a file descriptor on both sides for nothing; and a
 * client keeps its connections for as long as they work, so servers added behind a load balancer
 * or a DNS name never get the traffic of clients connected before them unless connections age
 * out. The age is jittered by ±10% so connections opened together do not all end together.
 *
 * <p>Event loop only.
 */
public final class ConnectionLifetime {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLifetime.class);

  private final Channel channel;
  private final long maxIdleNanos;
  /** How the connection ends: given by the pipeline's assembly, which knows its protocol's handlers. */
  private final Consumer<Channel> shutdownGracefully;
  private final Consumer<Channel> closeNow;
  private ScheduledFuture<?> idleTimer;
  private boolean ending;

  private ConnectionLifetime(Channel channel, long maxIdleNanos, Consumer<Channel> shutdownGracefully,
      Consumer<Channel> closeNow) {
    this.channel = channel;
    this.maxIdleNanos = maxIdleNanos;
    this.shutdownGracefully = shutdownGracefully;
    this.closeNow = closeNow;
  }

  /**
   * Starts the limits for {@code channel} (0 or less: no limit). The age counts from now; for
   * HTTP/2, {@code http2} tells when calls start and end (null: the caller reports them with
   * {@link #callStarted()} and {@link #callsEnded()}). A limit reached calls
   * {@code shutdownGracefully}, and after the age's grace period {@code closeNow}.
   */
  public static ConnectionLifetime start(Channel channel, long maxIdleNanos, long maxAgeNanos, long maxAgeGraceNanos,
      Http2Connection http2, Consumer<Channel> shutdownGracefully, Consumer<Channel> closeNow) {
    ConnectionLifetime l = new ConnectionLifetime(channel, maxIdleNanos, shutdownGracefully, closeNow);
    if (maxAgeNanos > 0) {
      long jittered = (long) (maxAgeNanos * ThreadLocalRandom.current().nextDouble(0.9, 1.1));
      ScheduledFuture<?> age = channel.eventLoop().schedule(() -> l.end("max connection age", maxAgeGraceNanos),
          jittered, TimeUnit.NANOSECONDS);
      channel.closeFuture().addListener(f -> age.cancel(false));
    }
    if (maxIdleNanos > 0) {
      if (http2 != null) {
        http2.addListener(new Http2ConnectionAdapter() {
          @Override
          public void onStreamActive(Http2Stream stream) {
            l.callStarted();
          }

          @Override
          public void onStreamClosed(Http2Stream stream) {
            if (http2.numActiveStreams() == 0) {
              l.callsEnded();
            }
          }
        });
      }
      l.callsEnded(); // idle from the start until a first call
      channel.closeFuture().addListener(f -> l.cancelIdle());
    }
    return l;
  }

  /** A call started: the connection is not idle. */
  public void callStarted() {
    cancelIdle();
  }

  /** No call is running any more: idle from now. */
  public void callsEnded() {
    if (maxIdleNanos <= 0 || ending || !channel.isActive()) {
      return;
    }
    cancelIdle();
    idleTimer = channel.eventLoop().schedule(() -> end("max connection idle", 0), maxIdleNanos, TimeUnit.NANOSECONDS);
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void end(String why, long graceNanos) {
    if (ending || !channel.isActive()) {
      return;
    }
    ending = true;
    cancelIdle();
    log.debug("Closing connection {}: {}", channel.remoteAddress(), why);
    shutdownGracefully.accept(channel);
    if (graceNanos > 0) {
      ScheduledFuture<?> force = channel.eventLoop().schedule(() -> {
        log.debug("Closing connection {}: {} grace period over", channel.remoteAddress(), why);
        closeNow.accept(channel);
      }, graceNanos, TimeUnit.NANOSECONDS);
      channel.closeFuture().addListener(f -> force.cancel(false));
    }
  }
}
