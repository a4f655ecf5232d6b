package io.triple.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.triple.netty.internal.http2.EventLoops;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that holds every byte for a fixed time in each direction before it
 * passes it on: a long network path (a round trip of twice that delay) with loopback's
 * bandwidth, for measuring what flow-control windows allow there. Bytes keep their order (one
 * event loop, deadlines in the order the bytes came). It stops reading from a side while more
 * than {@link #MAX_HELD} bytes of that side are held, so it cannot grow without bound.
 */
final class DelayProxy implements AutoCloseable {
  private static final long MAX_HELD = 64L * 1024 * 1024;

  private final EventLoopGroup group = EventLoops.create("delay-proxy", 1);
  private final long delayNanos;
  private final Channel listener;

  /** Forwards 127.0.0.1:{@link #port()} to 127.0.0.1:{@code targetPort}, {@code oneWayMillis} each way. */
  DelayProxy(int targetPort, double oneWayMillis) throws InterruptedException {
    this.delayNanos = (long) (oneWayMillis * 1_000_000);
    this.listener = new ServerBootstrap()
        .group(group)
        .channel(EventLoops.serverSocketChannel())
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel inbound) {
            new Bootstrap()
                .group(inbound.eventLoop())
                .channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect("127.0.0.1", targetPort)
                .addListener((ChannelFutureListener) f -> {
                  if (!f.isSuccess()) {
                    inbound.close();
                    return;
                  }
                  Channel outbound = f.channel();
                  inbound.pipeline().addLast(new Relay(outbound));
                  outbound.pipeline().addLast(new Relay(inbound));
                  inbound.read();
                  outbound.read();
                });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** Reads one side and, after the delay, writes what it read to the other. */
  private final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private long held;
    private boolean paused;

    Relay(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      int n = buf.readableBytes();
      held += n;
      ctx.executor().schedule(() -> {
        held -= n;
        peer.writeAndFlush(buf);
        if (paused && held < MAX_HELD / 2) {
          paused = false;
          ctx.read();
        }
      }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (held < MAX_HELD) {
        ctx.read();
      } else {
        paused = true;
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // What is still held goes out first: the close is scheduled behind it.
      ctx.executor().schedule(() -> peer.close(), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
