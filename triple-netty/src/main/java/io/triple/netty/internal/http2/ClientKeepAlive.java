package io.triple.netty.internal.http2;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's keepalive settings, shared by its connections. The PING interval doubles each time
 * a server ends a connection for {@code too_many_pings} (GOAWAY {@code ENHANCE_YOUR_CALM}), as
 * grpc-java's client does: the server's policy is stricter than ours, and pinging on at the same
 * rate would only get every new connection closed too.
 */
public final class ClientKeepAlive {
  private static final Logger log = LoggerFactory.getLogger(ClientKeepAlive.class);

  private volatile long timeNanos;
  private final long timeoutNanos;
  private final boolean withoutCalls;

  public ClientKeepAlive(long timeNanos, long timeoutNanos, boolean withoutCalls) {
    this.timeNanos = timeNanos;
    this.timeoutNanos = timeoutNanos;
    this.withoutCalls = withoutCalls;
  }

  /** The interval for connections opened from now on. */
  public long timeNanos() {
    return timeNanos;
  }

  public long timeoutNanos() {
    return timeoutNanos;
  }

  /** Whether idle connections (no call in flight) are pinged too. */
  public boolean withoutCalls() {
    return withoutCalls;
  }

  /** {@code target} closed a connection for too many PINGs: ping half as often from now on. */
  public synchronized void tooManyPings(String target) {
    long old = timeNanos;
    timeNanos = old > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : old * 2;
    log.warn("{} closed the connection for too many keepalive PINGs (too_many_pings); keepalive time {} ms -> {} ms"
        + " (set it at or above the server's permitted keepalive time)", target,
        TimeUnit.NANOSECONDS.toMillis(old), TimeUnit.NANOSECONDS.toMillis(timeNanos));
  }
}
