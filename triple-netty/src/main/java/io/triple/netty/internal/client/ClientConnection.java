package io.triple.netty.internal.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.triple.netty.internal.http2.ClientKeepAlive;
import io.triple.netty.internal.http2.ConnectionEvents;
import io.triple.netty.internal.http2.EventLoops;
import io.triple.netty.internal.http2.FrameCodecBuilder;
import io.triple.netty.internal.http2.KeepAliveEnforcer;
import io.triple.netty.internal.http2.KeepAliveHandler;
import io.triple.netty.internal.http2.WindowTuner;
import io.triple.netty.internal.http2.WriteCoalescer;
import io.triple.netty.internal.http2.WriteQueue;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection to a server. Every call to that server is a stream on it, so calls are
 * multiplexed rather than each paying for a TCP and HTTP/2 handshake.
 */
public final class ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private final ChannelFuture connectFuture;
  /**
   * Done when streams can be opened: once the server's first SETTINGS frame has arrived (after
   * the TCP connect and, with TLS, a handshake that negotiated h2). Failed with the reason
   * otherwise.
   */
  private final ChannelPromise ready;
  private final Channel channel;
  private final String target;
  private final boolean tls;
  private volatile boolean goAwayReceived;
  /** close() was called: the socket closes when the last stream ends. */
  private volatile boolean closing;
  private final WriteQueue writeQueue;
  private final ClientKeepAlive keepAlive; // null: no keepalive

  private ClientConnection(ChannelFuture connectFuture, String target, SslHandler ssl, ClientKeepAlive keepAlive) {
    this.tls = ssl != null;
    this.connectFuture = connectFuture;
    this.channel = connectFuture.channel();
    this.ready = channel.newPromise();
    if (ssl != null) {
      ssl.handshakeFuture().addListener(h -> tlsHandshakeDone(h, ssl));
    }
    connectFuture.addListener(f -> {
      if (!f.isSuccess()) {
        ready.tryFailure(f.cause());
      } // else ready once the server's SETTINGS arrive (serverSettingsReceived)
    });
    // A task later, not at once: a TLS alert or an HTTP/2 error that closed the channel reaches
    // exceptionCaught just after the close, and that is the reason worth reporting.
    channel.closeFuture().addListener(f -> {
      Runnable closed = () -> ready.tryFailure(new java.nio.channels.ClosedChannelException());
      try {
        channel.eventLoop().execute(closed);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closed.run(); // the loop is stopping: no later task, and waiting streams must not hang
      }
    });
    this.target = target;
    this.writeQueue = new WriteQueue(channel);
    this.keepAlive = keepAlive;
  }

  /**
   * Starts connecting; the connection is usable at once (streams wait for the connect and the
   * server's SETTINGS). With TLS, the server's certificate is checked against {@code tlsHost},
   * which is also sent as SNI.
   */
  public static ClientConnection connect(EventLoopGroup group, InetSocketAddress address,
      String tlsHost, ClientTransportSettings settings) {
    String target = address.getHostString() + ":" + address.getPort();
    SslHandler ssl = settings.sslContext() == null ? null : settings.sslContext().newHandler(
        io.netty.buffer.ByteBufAllocator.DEFAULT, tlsHost, address.getPort());
    ClientConnection[] self = new ClientConnection[1];
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(EventLoops.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    initPipeline(ch, ssl, settings, self);
                  }
                });
    ChannelFuture f = b.connect(address);
    ClientConnection c = new ClientConnection(f, target, ssl, settings.keepAlive());
    self[0] = c;
    // The SETTINGS may have been read before self[0] was set (ServerSignals could not tell
    // us then); the codec remembers that it got them.
    c.channel.eventLoop().execute(() -> {
      Http2FrameCodec codec = c.channel.pipeline().get(Http2FrameCodec.class);
      if (codec != null && codec.decoder().prefaceReceived()) {
        c.serverSettingsReceived();
      }
    });
    return c;
  }

  /** The client's pipeline on {@code ch}: TLS (if any), the HTTP/2 codec, the streams handler. */
  private static void initPipeline(Channel ch, SslHandler ssl, ClientTransportSettings settings,
      ClientConnection[] self) {
    ch.config().setWriteBufferWaterMark(FrameCodecBuilder.WATER_MARK);
    if (settings.connectionListener() != null) {
      // First, as on the server: it counts the socket's bytes, TLS records included.
      ch.pipeline().addLast("bytes", new ConnectionEvents(
          settings.connectionListener()));
    }
    if (ssl != null) {
      ch.pipeline().addLast("tls", ssl);
    }
    Http2Settings s =
        Http2Settings.defaultSettings()
            .pushEnabled(false)
            .maxHeaderListSize(settings.maxHeaderListSize())
            .initialWindowSize(settings.initialWindowSize());
    Http2FrameCodec codec = FrameCodecBuilder.client()
        .initialSettings(s)
        .validateHeaders(true)
        // Calls beyond the server's MAX_CONCURRENT_STREAMS wait for a
        // free slot instead of failing.
        .encoderEnforceMaxConcurrentStreams(true)
        .build();
    codec.connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        self[0].closeWhenIdle(); // a graceful close waits for the last one
      }
    });
    if (ssl == null) {
      ch.pipeline().addLast("coalesce", new WriteCoalescer());
    }
    ch.pipeline().addLast(codec);
    if (settings.autoTuneWindow()) {
      ch.pipeline().addLast("window", new WindowTuner(settings.initialWindowSize()));
    }
    ch.pipeline()
        .addLast("streams", new ClientConnectionHandler(() -> self[0].writeQueue, settings.connectionListener()))
        .addLast("events", new ServerSignals(() -> self[0]));
    ClientKeepAlive ka = settings.keepAlive();
    if (ka != null) {
      // Before "events", which consumes connection frames such as PING acks.
      ch.pipeline().addBefore("events", "keepalive", new KeepAliveHandler(
          ka.timeNanos(), ka.timeoutNanos(),
          () -> ka.withoutCalls() || codec.connection().numActiveStreams() > 0));
    }
  }

  /**
   * Test seam: a cleartext connection over {@code ch}, a channel that is already connected (an
   * {@code EmbeddedChannel} whose peer the test plays), with the pipeline {@link #connect} sets up.
   */
  static ClientConnection overConnectedChannel(Channel ch, String target, ClientTransportSettings settings) {
    ClientConnection[] self = new ClientConnection[1];
    initPipeline(ch, null, settings, self);
    ClientConnection c = new ClientConnection(ch.newSucceededFuture(), target, null, settings.keepAlive());
    self[0] = c;
    return c;
  }

  /** All writes of this connection's calls, flushed together. */
  WriteQueue writeQueue() {
    return writeQueue;
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public String target() {
    return target;
  }

  /** True if the connect attempt (and TLS handshake) finished and failed. */
  public boolean connectFailed() {
    return ready.isDone() && !ready.isSuccess();
  }

  /** Why the connect failed, for messages. */
  public String connectFailure() {
    return connectFailed() ? describe(ready.cause()) : null;
  }

  /** Runs {@code r} when the connect attempt (and TLS handshake) finishes, either way. */
  public void onConnectDone(Runnable r) {
    ready.addListener(f -> r.run());
  }

  /** True while new streams may be opened here: connecting or connected, and no GOAWAY yet. */
  public boolean isUsable() {
    if (goAwayReceived || closing) {
      return false;
    }
    if (!ready.isDone()) {
      return true;
    }
    return ready.isSuccess() && channel.isActive();
  }

  /** True once the server has sent GOAWAY: calls in flight finish, new ones go elsewhere. */
  public boolean isDraining() {
    return goAwayReceived;
  }

  /** Waits (asynchronously) for the connect, then opens a stream. Call on the event loop. */
  void openStream(ClientStreamOpener opener) {
    if (!ready.isDone()) {
      ready.addListener(f -> openStream(opener));
      return;
    }
    if (!ready.isSuccess()) {
      Throwable cause = ready.cause();
      opener.failed("Failed to connect to " + target + ": " + describe(cause), cause);
      return;
    }
    if (!channel.isActive() || goAwayReceived) {
      opener.failed("Connection to " + target + " is closed", null);
      return;
    }
    ClientConnectionHandler streams = channel.pipeline().get(ClientConnectionHandler.class);
    if (streams == null) {
      opener.failed("Connection to " + target + " is closed", null);
      return;
    }
    opener.opened(channel, streams, streams.newStream(opener.listener()));
  }

  private String describe(Throwable t) {
    return ConnectFailure.describe(t, tls);
  }

  /**
   * Closes the connection gracefully: no new streams here (it is no longer usable), and the
   * socket closes once the streams in flight have ended, however long they take ({@link
   * #closeNow()} does not wait). A connection still connecting waits for the connect, so calls
   * started just before can open their streams.
   */
  public void close() {
    closing = true;
    if (!ready.isDone()) {
      ready.addListener(f -> closeWhenIdle());
      return;
    }
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      closeWhenIdle();
    } else if (loop.isShuttingDown()) {
      channel.close();
    } else {
      try {
        loop.execute(this::closeWhenIdle);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        channel.close(); // shut down in the meantime: closed by its event loop anyway
      }
    }
  }

  /** Event loop: after close(), closes the socket once no stream is open. */
  private void closeWhenIdle() {
    if (!closing || !channel.isOpen()) {
      return;
    }
    Http2FrameCodec codec = channel.pipeline().get(Http2FrameCodec.class);
    if (codec == null || codec.connection().numActiveStreams() == 0) {
      channel.close();
    }
  }

  /**
   * Closes the socket now, without HTTP/2's graceful wait: streams in flight end at once (their
   * calls fail with UNAVAILABLE) and a connect in progress is abandoned.
   */
  public Future<?> closeNow() {
    if (channel.eventLoop().isShuttingDown()) {
      return channel.closeFuture(); // its event loop closes it on the way down
    }
    try {
      channel.eventLoop().execute(() -> {
        connectFuture.cancel(false);
        // From the first handler outwards: skips the HTTP/2 handler's graceful close.
        io.netty.channel.ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first != null) {
          first.close();
        } else {
          channel.close();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return channel.closeFuture(); // shut down in the meantime: closed by its event loop
    }
    return channel.closeFuture();
  }

  public Future<?> closeFuture() {
    return channel.closeFuture();
  }

  /** Event loop: the TLS handshake ended; fails {@link #ready} unless it negotiated h2. */
  private void tlsHandshakeDone(Future<?> handshake, SslHandler ssl) {
    if (!handshake.isSuccess()) {
      ready.tryFailure(handshake.cause());
      return;
    }
    String protocol = ssl.applicationProtocol();
    if (!"h2".equals(protocol)) {
      ready.tryFailure(new javax.net.ssl.SSLHandshakeException("The server did not negotiate"
          + " HTTP/2 (ALPN \"h2\") on the TLS connection; it chose "
          + (protocol == null ? "no protocol" : "\"" + protocol + "\"")));
      channel.close();
      return;
    }
    // Ready once the server's SETTINGS arrive (serverSettingsReceived).
  }

  /**
   * Event loop: the server's first SETTINGS frame arrived, so streams may open. Why wait for it
   * (as grpc-java's transport does): until then the server's limits are unknown. A call whose
   * metadata is over the server's SETTINGS_MAX_HEADER_LIST_SIZE, sent on a fresh connection,
   * made the server close that connection (GOAWAY, stream not processed), and the caller saw
   * only UNAVAILABLE "closed before the call completed", on every retry, each on a new
   * connection; with the limit known it fails at once, INTERNAL, saying what to fix.
   */
  private void serverSettingsReceived() {
    ready.trySuccess();
  }

  /** Callbacks for {@link #openStream}. */
  interface ClientStreamOpener {
    /** Hears the stream's frames and events. */
    ClientConnectionHandler.StreamListener listener();

    /** The stream is allocated (its HEADERS not yet written); write frames to {@code connection}. */
    void opened(Channel connection, ClientConnectionHandler streams, Http2FrameStream stream);

    void failed(String message, Throwable cause);
  }

  /**
   * What the server says of the connection as a whole (SETTINGS, GOAWAY: "no new streams
   * here"). Not {@code http2.ConnectionEvents}, which tells a listener of its bytes.
   */
  private static final class ServerSignals extends ChannelInboundHandlerAdapter {
    private final java.util.function.Supplier<ClientConnection> conn;

    ServerSignals(java.util.function.Supplier<ClientConnection> conn) {
      this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2SettingsFrame) {
        ClientConnection c = conn.get();
        if (c != null) {
          c.serverSettingsReceived();
        } // else connect() sees them in the codec
      } else if (msg instanceof Http2GoAwayFrame goAway) {
        ClientConnection c = conn.get();
        if (c != null) {
          c.goAwayReceived = true;
          log.debug("GOAWAY from {} (error {}, last stream {})", c.target, goAway.errorCode(), goAway.lastStreamId());
          if (c.keepAlive != null && goAway.errorCode() == Http2Error.ENHANCE_YOUR_CALM.code()
              && KeepAliveEnforcer.TOO_MANY_PINGS.equals(goAway.content().toString(StandardCharsets.US_ASCII))) {
            c.keepAlive.tooManyPings(c.target);
          }
        }
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ClientConnection c = conn.get();
      if (cause instanceof Http2FrameStreamException) {
        // One stream's error (ClientConnectionHandler resets the stream and fails its call); the
        // connection and its other calls live on.
        log.debug("Stream error on connection to {}: {}", c == null ? "?" : c.target, cause.toString());
        return;
      }
      log.debug("Connection to {} failed: {}", c == null ? "?" : c.target, cause.toString());
      if (c != null) {
        c.ready.tryFailure(cause); // the real reason, before the close reports a bare ClosedChannelException
      }
      if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
        return; // Netty's codec sends GOAWAY with the error's code, then closes (see the server's)
      }
      ctx.close();
    }
  }
}
