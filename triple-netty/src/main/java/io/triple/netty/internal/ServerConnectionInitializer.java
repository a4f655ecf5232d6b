package io.triple.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.http2.ConnectionEvents;
import io.triple.netty.internal.http2.FrameCodecBuilder;
import io.triple.netty.internal.http2.GracefulShutdownHandler;
import io.triple.netty.internal.http2.KeepAliveEnforcer;
import io.triple.netty.internal.http2.KeepAliveHandler;
import io.triple.netty.internal.http2.WindowTuner;
import io.triple.netty.internal.http2.WriteCoalescer;
import io.triple.netty.internal.server.ConnectionLifetime;
import io.triple.netty.internal.server.ServerConnectionHandler;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.server.ServerTransportSettings;
import io.triple.netty.internal.web.Http1ServerHandler;
import io.triple.netty.internal.web.Http2PlainExchange;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up one accepted connection: Netty's HTTP/2 frame codec (h2c with prior knowledge, or h2
 * over TLS) and a {@link ServerConnectionHandler} that runs a {@code ServerStream} per stream.
 * A connection that speaks HTTP/1.1 instead (TLS: "http/1.1" through ALPN; cleartext: its first
 * bytes, see {@link ProtocolSniffer}) gets Netty's HTTP/1.1 codec and an
 * {@link Http1ServerHandler}: Triple's plain-HTTP calls (unary, and server streams as server-sent
 * events), Connect and gRPC-Web over HTTP/1.1.
 */
public final class ServerConnectionInitializer extends ChannelInitializer<Channel> {
  private static final Logger log = LoggerFactory.getLogger(ServerConnectionInitializer.class);
  private static final int HTTP1_MAX_INITIAL_LINE = 8192;
  private static final int HTTP1_MAX_CHUNK = 16 * 1024;

  private final MethodRegistry registry;
  private final ServerStreamSettings streamSettings;
  private final ServerTransportSettings transport;
  private final ChannelGroup connections;
  private final BooleanSupplier shuttingDown;

  public ServerConnectionInitializer(
      MethodRegistry registry,
      ServerStreamSettings streamSettings,
      ServerTransportSettings transport,
      ChannelGroup connections,
      BooleanSupplier shuttingDown) {
    this.registry = registry;
    this.streamSettings = streamSettings;
    this.transport = transport;
    this.connections = connections;
    this.shuttingDown = shuttingDown;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch);
    if (shuttingDown.getAsBoolean()) {
      // Accepted just before the listening socket closed, but after the server sent its GOAWAYs
      // (added to the group first, so a connection either is among those or sees the flag here).
      // Served, it would take new calls for as long as its client liked.
      ch.close();
      return;
    }
    ch.config().setWriteBufferWaterMark(FrameCodecBuilder.WATER_MARK);
    if (transport.connectionListener() != null) {
      ch.pipeline().addLast("events", new ConnectionEvents(transport.connectionListener()));
    }
    if (transport.sslContext() != null) {
      SslHandler tls = transport.sslContext().newHandler(ch.alloc());
      tls.setHandshakeTimeout(transport.handshakeTimeoutNanos(), TimeUnit.NANOSECONDS);
      ch.pipeline()
          .addLast("tls", tls)
          .addLast("alpn", new AlpnRouter());
    } else {
      ch.pipeline().addLast("sniff", new ProtocolSniffer(transport.handshakeTimeoutNanos(),
          ctx -> addHttp2(ctx.pipeline(), false), ctx -> addHttp1(ctx.pipeline())));
    }
  }

  /** HTTP/2: gRPC and Triple calls of every kind. */
  private void addHttp2(ChannelPipeline p, boolean tls) {
    Http2Settings settings =
        Http2Settings.defaultSettings()
            .maxConcurrentStreams(transport.maxConcurrentStreams())
            .maxHeaderListSize(transport.maxHeaderListSize())
            .initialWindowSize(transport.initialWindowSize());
    KeepAliveEnforcer pings = new KeepAliveEnforcer(
        transport.permitKeepAliveTimeNanos(), transport.permitKeepAliveWithoutCalls());
    Http2FrameCodec codec =
        FrameCodecBuilder.server()
            .initialSettings(settings)
            .gracefulShutdownTimeoutMillis(transport.gracefulShutdownTimeoutMillis())
            .validateHeaders(true)
            .frameLogger(pings.frameObserver())
            .build();
    pings.connection(codec.connection());
    if (!tls) {
      p.addLast("coalesce", new WriteCoalescer()); // TLS gathers writes itself
    }
    lifetime(p.channel(), codec.connection(), 0);
    p.addLast("h2", codec);
    if (transport.autoTuneWindow()) {
      p.addLast("window", new WindowTuner(transport.initialWindowSize()));
    }
    p.addLast("pings", pings)
        .addLast("streams", new ServerConnectionHandler(registry, streamSettings, Http2PlainExchange::new,
            transport.connectionListener()))
        .addLast("graceful", new GracefulShutdownHandler())
        .addLast("errors", new ConnectionErrorLogger());
    if (transport.keepAliveTimeNanos() > 0 && transport.keepAliveTimeNanos() < Long.MAX_VALUE) {
      p.addBefore("errors", "keepalive",
          new KeepAliveHandler(transport.keepAliveTimeNanos(), transport.keepAliveTimeoutNanos(), () -> true));
    }
  }

  /**
   * HTTP/1.1: Triple's plain-HTTP calls (JSON or protobuf bodies), Connect and gRPC-Web. The request
   * line and headers are bounded by the HTTP/2 header list limit; a plain-HTTP body by the message
   * size limit (larger bodies get 413 from the aggregator), a Connect or gRPC-Web one message by
   * message, as on HTTP/2.
   */
  private void addHttp1(ChannelPipeline p) {
    p.addLast("http1", new HttpServerCodec(
            HTTP1_MAX_INITIAL_LINE, transport.maxHeaderListSize(), HTTP1_MAX_CHUNK))
        .addLast("aggregate", Http1ServerHandler.aggregator(streamSettings.maxInboundMessageSize()))
        .addLast("calls", new Http1ServerHandler(registry, streamSettings,
            lifetime(p.channel(), null, HTTP1_DEFAULT_IDLE_NANOS)))
        .addLast("errors", new ConnectionErrorLogger());
  }

  /**
   * How long an HTTP/1.1 connection may go without a call when no max idle is configured: a
   * client that keeps one open for nothing, or sends its request a few bytes a minute, must not
   * hold it (and its buffers) forever. HTTP/2 connections have keepalive and GOAWAY for that.
   */
  static final long HTTP1_DEFAULT_IDLE_NANOS = TimeUnit.MINUTES.toNanos(3);

  /** Max idle (or {@code defaultIdleNanos}) and max age for {@code ch}; null if neither applies. */
  private ConnectionLifetime lifetime(Channel ch, Http2Connection http2, long defaultIdleNanos) {
    long idle = transport.maxConnectionIdleNanos() > 0 ? transport.maxConnectionIdleNanos() : defaultIdleNanos;
    if (idle <= 0 && transport.maxConnectionAgeNanos() <= 0) {
      return null;
    }
    return ConnectionLifetime.start(ch, idle, transport.maxConnectionAgeNanos(),
        transport.maxConnectionAgeGraceNanos(), http2, ServerConnectionInitializer::shutdownGracefully,
        ServerConnectionInitializer::closeNow);
  }

  /**
   * After the TLS handshake, the pipeline for the protocol ALPN negotiated: HTTP/2 for "h2",
   * HTTP/1.1 for "http/1.1". A client that sent no ALPN (some HTTP/1.1 clients, gRPC clients
   * with prior knowledge) is told apart by its first bytes, as on cleartext. Netty's negotiation
   * handler holds back what arrives before the choice is made.
   */
  private final class AlpnRouter extends ApplicationProtocolNegotiationHandler {
    private static final String NO_ALPN = "";

    AlpnRouter() {
      super(NO_ALPN);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        addHttp2(ctx.pipeline(), true);
      } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
        addHttp1(ctx.pipeline());
      } else if (NO_ALPN.equals(protocol)) {
        ctx.pipeline().addLast("sniff", new ProtocolSniffer(transport.handshakeTimeoutNanos(),
            c -> addHttp2(c.pipeline(), true), c -> addHttp1(c.pipeline())));
      } else {
        log.debug("Closing {}: ALPN negotiated \"{}\"", ctx.channel().remoteAddress(), protocol);
        ctx.close();
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }

  /**
   * Starts a graceful shutdown of an accepted connection: GOAWAY (HTTP/2) or
   * {@code connection: close} on the answer in flight (HTTP/1.1), calls in flight finish (up to
   * the graceful-shutdown timeout), then the socket closes.
   */
  public static void shutdownGracefully(Channel connection) {
    GracefulShutdownHandler h = connection.pipeline().get(GracefulShutdownHandler.class);
    Http1ServerHandler h1 = connection.pipeline().get(Http1ServerHandler.class);
    try {
      if (h != null) {
        h.start();
      } else if (h1 != null) {
        h1.shutdownGracefully();
      } else {
        connection.close();
      }
    } catch (RejectedExecutionException e) {
      loopGone(connection);
    }
  }

  /**
   * A connection whose event loop has already stopped (accepted while the server was shutting
   * down, after its connections were counted): Netty closed it with its loop.
   */
  private static void loopGone(Channel connection) {
    log.debug("Connection {}: event loop already stopped", connection.remoteAddress());
  }

  /** Closes an accepted connection at once: its calls in flight end, clients see the reset. */
  public static void closeNow(Channel connection) {
    try {
      closeNowOnLoop(connection);
    } catch (RejectedExecutionException e) {
      loopGone(connection);
    }
  }

  private static void closeNowOnLoop(Channel connection) {
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
        // A stream-level error: the streams handler resets the stream and does not pass these on,
        // so this is only a guard. Closing here would kill every other call on the connection.
        log.debug("Stream error on connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        return;
      }
      log.debug("Connection {} error: {}", ctx.channel().remoteAddress(), cause.toString());
      if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
        // An HTTP/2 connection error: Netty's codec tells us first, then sends GOAWAY with the
        // error's code and closes. Closing here would send GOAWAY NO_ERROR ahead of it, and the
        // client would never learn what it did wrong.
        return;
      }
      ctx.close();
    }
  }
}
