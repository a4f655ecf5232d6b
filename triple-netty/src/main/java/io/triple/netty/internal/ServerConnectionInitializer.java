package io.triple.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up one accepted connection: Netty's HTTP/2 frame codec (h2c with prior knowledge) and a
 * {@link ServerConnectionHandler} that runs a {@link ServerStream} per stream.
 */
public final class ServerConnectionInitializer extends ChannelInitializer<Channel> {
  private static final Logger log = LoggerFactory.getLogger(ServerConnectionInitializer.class);

  private final ServerMethodRegistry registry;
  private final ServerStreamSettings streamSettings;
  private final ServerTransportSettings transport;
  private final ChannelGroup connections;

  public ServerConnectionInitializer(
      ServerMethodRegistry registry,
      ServerStreamSettings streamSettings,
      ServerTransportSettings transport,
      ChannelGroup connections) {
    this.registry = registry;
    this.streamSettings = streamSettings;
    this.transport = transport;
    this.connections = connections;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch);
    ch.config().setWriteBufferWaterMark(FrameCodecBuilder.WATER_MARK);
    Http2Settings settings =
        Http2Settings.defaultSettings()
            .maxConcurrentStreams(transport.maxConcurrentStreams())
            .maxHeaderListSize(transport.maxHeaderListSize())
            .initialWindowSize(transport.initialWindowSize());
    Http2FrameCodec codec =
        FrameCodecBuilder.server()
            .initialSettings(settings)
            .gracefulShutdownTimeoutMillis(transport.gracefulShutdownTimeoutMillis())
            .validateHeaders(true)
            .build();
    if (transport.sslContext() != null) {
      ch.pipeline()
          .addLast("tls", transport.sslContext().newHandler(ch.alloc()))
          .addLast("alpn", new AlpnCheck());
    } else {
      ch.pipeline().addLast("coalesce", new WriteCoalescer()); // TLS gathers writes itself
    }
    ch.pipeline()
        .addLast("h2", codec)
        .addLast("streams", new ServerConnectionHandler(registry, streamSettings))
        .addLast("graceful", new GracefulShutdownHandler())
        .addLast("errors", new ConnectionErrorLogger());
    if (transport.keepAliveTimeNanos() > 0 && transport.keepAliveTimeNanos() < Long.MAX_VALUE) {
      ch.pipeline().addBefore("errors", "keepalive",
          new KeepAliveHandler(transport.keepAliveTimeNanos(), transport.keepAliveTimeoutNanos()));
    }
  }

  /**
   * After the TLS handshake: HTTP/2 needs "h2" from ALPN; a client that negotiated something else
   * (http/1.1) is disconnected, one that sent no ALPN is served as HTTP/2 with prior knowledge.
   */
  private static final class AlpnCheck extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (!done.isSuccess()) {
          log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
              done.cause().toString());
        } else {
          String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
          if (!Tls.isH2(protocol)) {
            log.debug("Closing {}: ALPN negotiated \"{}\", not h2", ctx.channel().remoteAddress(),
                protocol);
            ctx.close();
            return;
          }
        }
        ctx.pipeline().remove(this);
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  /**
   * Starts a graceful shutdown of an accepted connection: GOAWAY, calls in flight finish (up to
   * the graceful-shutdown timeout), then the socket closes.
   */
  public static void shutdownGracefully(Channel connection) {
    GracefulShutdownHandler h = connection.pipeline().get(GracefulShutdownHandler.class);
    if (h != null) {
      h.start();
    } else {
      connection.close();
    }
  }

  /** Closes an accepted connection at once: its calls in flight end, clients see the reset. */
  public static void closeNow(Channel connection) {
    connection.eventLoop().execute(() -> {
      // From the first handler outwards, so Netty's HTTP/2 handler does not wait for streams.
      ChannelHandlerContext first = connection.pipeline().firstContext();
      if (first != null) {
        first.close();
      } else {
        connection.close();
      }
    });
  }

  /** Logs connection-level failures (bad preface, protocol errors) without a stack-trace flood. */
  private static final class ConnectionErrorLogger extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof Http2FrameStreamException) {
        // A stream-level error (e.g. DATA for a stream refused after GOAWAY): Netty has already
        // reset that stream. Closing here would kill every other call on the connection.
        log.debug("Stream error on connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        return;
      }
      log.debug("Connection {} error: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
