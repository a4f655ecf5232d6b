package io.triple.netty.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows a connection's receive windows (each stream's and the connection's) to what the path
 * can carry, as grpc-java, grpc-go and gRPC core do by default: the bandwidth-delay product
 * (BDP), measured with a PING.
 *
 * <p>Why: a fixed window caps each stream at one window per round trip. With the default 1 MiB
 * that is 1 GiB/s on loopback but 50 MiB/s over a 20 ms path, where grpc-java, which grows its
 * windows up to 8 MiB, moves several times as much ({@code WanBench} in triple-benchmarks
 * measures it).
 *
 * <p>How: the first read that brings DATA sends a PING (with that read's flush) and starts
 * counting DATA bytes, that read's included, until the PING's ACK: what the peer could send in
 * one round trip. A peer held back by the window sends it in a burst per round trip, and the
 * count starts at the front of a burst. If the count is more than half the window (the window is
 * what limited the peer) and the bandwidth it implies is the best seen, both windows grow to
 * twice the count, up to {@link #MAX_WINDOW}: a SETTINGS frame raises every stream's window
 * (open ones too) and a WINDOW_UPDATE the connection's (kept at twice a stream's, as Netty's
 * codec starts it). Windows never shrink, and at the maximum the PINGs stop. A measurement that
 * grows nothing makes the next one wait for twice as many reads with DATA (up to 64), so small
 * calls, which never fill the window, cost one PING per 64 reads at most.
 *
 * <p>Sits right behind the frame codec, whose flush at the end of each read sends what this
 * writes. Passes every frame on except the ACKs of its own PINGs.
 */
public final class WindowTuner extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WindowTuner.class);
  /** The largest window this grows to (grpc-java's limit too). */
  static final int MAX_WINDOW = 8 * 1024 * 1024;
  /** The payload of our measuring PINGs ("BDP-tune" in ASCII), told apart from keepalive ones. */
  static final long PING_PAYLOAD = 0x4244502d74756e65L;
  private static final int MAX_BACKOFF = 64;

  private final LongSupplier nanoTime;
  private int window;
  private boolean pinging;
  private long received;
  private long pingSentNanos;
  private long bestBandwidth;
  private int backoff = 1;
  /** Reads with DATA still to let pass before the next measurement. */
  private int readsToSkip;
  /** Whether the read under way has brought DATA yet. */
  private boolean dataThisRead;

  /** {@code initialWindow}: the window the connection's SETTINGS announced. */
  public WindowTuner(int initialWindow) {
    this(initialWindow, System::nanoTime);
  }

  /** As {@link #WindowTuner(int)}, timing round trips with {@code nanoTime} (tests set the clock). */
  public WindowTuner(int initialWindow, LongSupplier nanoTime) {
    this.window = initialWindow;
    this.nanoTime = nanoTime;
  }

  /** The window announced now (stream and connection); event loop only. */
  int window() {
    return window;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame data) {
      if (!dataThisRead) {
        dataThisRead = true;
        maybeStartMeasuring(ctx);
      }
      if (pinging) {
        received += data.initialFlowControlledBytes();
      }
    } else if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == PING_PAYLOAD) {
      if (pinging) {
        measured(ctx);
      }
      return; // ours: nobody behind us sent it
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    dataThisRead = false;
    ctx.fireChannelReadComplete();
  }

  private void maybeStartMeasuring(ChannelHandlerContext ctx) {
    if (pinging || window >= MAX_WINDOW) {
      return;
    }
    if (readsToSkip > 0) {
      readsToSkip--;
      return;
    }
    pinging = true;
    received = 0;
    pingSentNanos = nanoTime.getAsLong();
    ctx.write(new DefaultHttp2PingFrame(PING_PAYLOAD)); // flushed by the codec after this read
  }

  private void measured(ChannelHandlerContext ctx) {
    pinging = false;
    long bytes = received; // reset when the next measurement starts
    long nanos = Math.max(1, nanoTime.getAsLong() - pingSentNanos);
    long bandwidth = bytes * TimeUnit.SECONDS.toNanos(1) / nanos;
    int target = (int) Math.min(MAX_WINDOW, bytes * 2);
    if (target <= window || bandwidth <= bestBandwidth) {
      backoff = Math.min(MAX_BACKOFF, backoff * 2);
      readsToSkip = backoff - 1;
      return;
    }
    bestBandwidth = bandwidth;
    backoff = 1;
    // Netty's codec gives the connection twice the stream window (so that one stream cannot
    // use it all up); it grows by twice as much to keep it so.
    int increment = 2 * (target - window);
    if (log.isDebugEnabled()) {
      log.debug("{}: receive window {} -> {} bytes ({} bytes in a {} us round trip)",
          ctx.channel(), window, target, bytes, nanos / 1000);
    }
    window = target;
    ctx.write(new DefaultHttp2WindowUpdateFrame(increment)); // no stream: the connection's window
    ctx.write(new DefaultHttp2SettingsFrame(new Http2Settings().initialWindowSize(target)));
  }
}
