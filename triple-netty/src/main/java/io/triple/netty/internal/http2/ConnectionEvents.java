package io.triple.netty.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.triple.ConnectionListener;
import java.net.SocketAddress;

/**
 * Tells a {@link ConnectionListener} about one connection, a server's or a client's: first in its
 * pipeline, so it sees the socket's bytes (before TLS and HTTP/2 decode them, after they encode).
 * Opened when the channel is active: for a server, when the connection is accepted; for a client,
 * when the TCP connect succeeds (before any TLS handshake), so a connect that fails is never
 * opened nor closed. Only installed when the server or channel has a listener: without one,
 * connections carry no handler and no cost for it.
 */
public final class ConnectionEvents extends ChannelDuplexHandler {
  private final ConnectionListener listener;
  private SocketAddress remote;
  private boolean open;

  public ConnectionEvents(ConnectionListener listener) {
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // Added while the accepted channel is being initialised: it is already active, so
    // channelActive would not reach this handler.
    if (ctx.channel().isActive()) {
      opened(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    opened(ctx);
    super.channelActive(ctx);
  }

  private void opened(ChannelHandlerContext ctx) {
    if (!open) {
      open = true;
      remote = ctx.channel().remoteAddress();
      listener.connectionOpened(remote);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (open) {
      open = false;
      listener.connectionClosed(remote);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    long n = size(msg);
    if (n > 0) {
      listener.bytesReceived(n);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    long n = size(msg);
    if (n > 0) {
      listener.bytesSent(n);
    }
    super.write(ctx, msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    if (msg instanceof ByteBufHolder h) {
      return h.content().readableBytes();
    }
    return 0;
  }
}
