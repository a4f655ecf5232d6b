package io.triple.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.internal.DefaultExecutors;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.ServerConnectionInitializer;
import io.triple.netty.internal.http2.EventLoops;
import io.triple.netty.internal.http2.Tls;
import io.triple.netty.internal.server.CorsPolicy;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.server.ServerTransportSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Triple server: serves the added services on one port to Triple and gRPC clients over HTTP/2
 * (cleartext with prior knowledge, or TLS with ALPN), and to plain-HTTP, Connect and gRPC-Web
 * clients over HTTP/1.1 and HTTP/2.
 *
 * <pre>{@code
 * TripleServer server = TripleServer.builder()
 *     .port(8888)
 *     .addService(GreeterTriple.bindService(new GreeterImpl()))
 *     .build()
 *     .start();
 * server.blockUntilShutdown();
 * }</pre>
 */
public final class TripleServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TripleServer.class);

  private final Builder config;
  private final MethodRegistry registry;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private volatile boolean started;
  private volatile boolean shutdown;

  private TripleServer(Builder b) {
    this.config = b;
    // Server-wide interceptors outside each service's own, so they see every call first.
    this.registry = MethodRegistry.serving(b.services, b.interceptors);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = DefaultExecutors.create("triple-server");
      this.executor = ownedExecutor;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private static long nanosOrZero(Duration d) {
    return d == null ? 0 : d.toNanos();
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound (e.g. port in use)
   */
  public synchronized TripleServer start() {
    if (started) {
      throw new IllegalStateException("Server already started");
    }
    started = true;
    boss = EventLoops.create("triple-server-boss", 1);
    workers = EventLoops.create("triple-server-io", config.ioThreads);
    ServerConnectionInitializer initializer =
        new ServerConnectionInitializer(
            registry,
            new ServerStreamSettings(executor, config.maxInboundMessageSize, config.cors),
            new ServerTransportSettings(
                config.maxConcurrentStreams,
                config.maxHeaderListSize,
                config.initialWindowSize,
                config.autoTuneWindow,
                config.gracefulShutdownTimeout.toMillis(),
                config.keepAliveTime.toNanos(),
                config.keepAliveTimeout.toNanos(),
                config.permitKeepAliveTime.toNanos(),
                config.permitKeepAliveWithoutCalls,
                nanosOrZero(config.maxConnectionIdle),
                nanosOrZero(config.maxConnectionAge),
                nanosOrZero(config.maxConnectionAgeGrace),
                config.handshakeTimeout.toNanos(),
                config.sslContext,
                config.connectionListener),
            connections,
            () -> shutdown);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(EventLoops.serverSocketChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(initializer);
    try {
      serverChannel = b.bind(new InetSocketAddress(config.host, config.port)).syncUninterruptibly().channel();
    } catch (Exception e) {
      releaseResources();
      terminated.countDown();
      throw new UncheckedIOException(
          new IOException("Failed to bind " + config.host + ":" + config.port + ": " + e.getMessage(), e));
    }
    log.debug("Triple server listening on {} ({}) with services {}", localAddress(),
        EventLoops.transport(), serviceNames());
    return this;
  }

  /** The bound address (useful with port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return localAddress().getPort();
  }

  public String host() {
    return config.host;
  }

  public List<ServiceDefinition> services() {
    return registry.services();
  }

  private List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    for (ServiceDefinition d : registry.services()) {
      names.add(d.serviceName());
    }
    return names;
  }

  /**
   * Graceful shutdown: stops accepting connections, sends GOAWAY on open ones so clients start no
   * new calls, and lets calls in flight finish within the graceful-shutdown timeout.
   */
  public synchronized void shutdown() {
    if (shutdown) {
      return;
    }
    shutdown = true;
    if (serverChannel == null) {
      terminated.countDown();
      return;
    }
    serverChannel.close();
    // Each connection gets GOAWAY (in two steps, see GracefulShutdownHandler); Netty's HTTP/2
    // handler then waits for active streams (up to gracefulShutdownTimeout) before closing.
    ChannelGroupFuture closed = connections.newCloseFuture();
    connections.forEach(ServerConnectionInitializer::shutdownGracefully);
    closed.addListener(f -> releaseResources());
  }

  /** Immediate shutdown: closes every connection, cancelling calls in flight. */
  public synchronized void shutdownNow() {
    shutdown = true;
    if (serverChannel != null) {
      serverChannel.close();
    }
    // Close every connection's socket now (skipping HTTP/2's graceful close), and stop the
    // threads only once they are closed: left to the event loops' own shutdown, a connection was
    // sometimes not closed at all, and its clients kept sending into a socket nobody read.
    ChannelGroupFuture closed = connections.newCloseFuture();
    connections.forEach(ServerConnectionInitializer::closeNow);
    closed.addListener(f -> releaseResources());
  }

  private void releaseResources() {
    EventLoopGroup w = workers;
    EventLoopGroup b = boss;
    // Stop accepting before stopping the workers: a connection accepted while the workers were
    // already gone could not be registered, and its close was lost with them, leaving a client
    // connected to a socket nobody reads (its calls hung until their deadlines).
    io.netty.util.concurrent.Future<?> bossDone =
        b != null ? b.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
            : io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    bossDone.addListener(done -> {
      if (w != null) {
        w.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
            .addListener(f -> {
              if (ownedExecutor != null) {
                ownedExecutor.shutdown();
              }
              terminated.countDown();
            });
      } else {
        terminated.countDown();
      }
    });
  }

  public boolean isShutdown() {
    return shutdown;
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Blocks until the server has shut down (e.g. from a shutdown hook). */
  public void blockUntilShutdown() throws InterruptedException {
    terminated.await();
  }

  /** {@link #shutdown()}, wait for the graceful period, then {@link #shutdownNow()}. */
  @Override
  public void close() {
    shutdown();
    try {
      if (!awaitTermination(config.gracefulShutdownTimeout.plusSeconds(1))) {
        shutdownNow();
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link TripleServer}. */
  /**
   * The port a server binds and a {@code tri://host} target (no port) calls when none is given:
   * Dubbo's default Triple port, and the port gRPC's examples use, so the two defaults meet.
   */
  public static final int DEFAULT_PORT = 50051;

  public static final class Builder {
    /**
     * Default limit on one inbound message: 8 MiB, Apache Dubbo's Triple default
     * ({@code max-body-size}), not grpc-java's 4 MiB: what Dubbo peers send each other must not
     * fail here (docs/config.md gives the argument).
     */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 8 * 1024 * 1024;

    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private final List<ServiceDefinition> services = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private Executor executor;
    private int ioThreads;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private int maxConcurrentStreams = 1000;
    private int maxHeaderListSize = 8192;
    private int initialWindowSize = 1024 * 1024;
    private boolean autoTuneWindow = true;
    private Duration gracefulShutdownTimeout = Duration.ofSeconds(30);
    private Duration handshakeTimeout = Duration.ofSeconds(30);
    private Duration keepAliveTime = Duration.ofHours(2);
    private Duration keepAliveTimeout = Duration.ofSeconds(20);
    private SslContext sslContext;
    private io.triple.ConnectionListener connectionListener;
    private Duration permitKeepAliveTime = Duration.ofSeconds(10);
    private boolean permitKeepAliveWithoutCalls = true;
    private Duration maxConnectionIdle;
    private CorsPolicy cors = CorsPolicy.NONE;
    private Duration maxConnectionAge;
    private Duration maxConnectionAgeGrace;

    /**
     * Serves TLS (HTTP/2 negotiated through ALPN) with this PEM certificate chain (the server's
     * certificate first) and PEM private key (PKCS#8, unencrypted). Default: cleartext h2c.
     */
    public Builder tls(File certificateChain, File privateKey) {
      this.sslContext = Tls.server(certificateChain, privateKey);
      return this;
    }

    /**
     * As {@link #tls(File, File)}; with {@code trustedClients} (PEM certificates) not null,
     * clients must present a certificate they sign (mutual TLS).
     */
    public Builder tls(File certificateChain, File privateKey, File trustedClients) {
      this.sslContext = Tls.server(certificateChain, privateKey, trustedClients);
      return this;
    }

    /**
     * Serves TLS as {@code sslContext} says (client authentication, key from a keystore, ...); it
     * must be a server context offering "h2" through ALPN.
     */
    public Builder tls(SslContext sslContext) {
      this.sslContext = Tls.checked(sslContext, true);
      return this;
    }

    private Builder() {}

    /**
     * Sends an HTTP/2 PING when a connection has been quiet this long (default 2 hours, as
     * grpc-java); a connection whose PING is not acknowledged within {@link #keepAliveTimeout}
     * is closed.
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = Objects.requireNonNull(time);
      return this;
    }

    /** How long to wait for a keepalive PING ack; default 20 s. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * The most frequent keepalive PINGs clients may send (default 10 seconds): a client that
     * pings more often is forgiven twice, then gets GOAWAY {@code ENHANCE_YOUR_CALM}
     * ({@code too_many_pings}) and its connection closed. grpc-java's and grpc-go's servers
     * default to 5 minutes and no pings without calls; ours are laxer so that common client
     * settings (30 s keepalives, Dubbo Java's 60 s idle heartbeat PINGs) are not cut off, while a
     * PING flood still is.
     */
    public Builder permitKeepAliveTime(Duration time) {
      Objects.requireNonNull(time, "permitKeepAliveTime");
      if (time.isNegative()) {
        throw new IllegalArgumentException("permitKeepAliveTime must not be negative, got " + time);
      }
      this.permitKeepAliveTime = time;
      return this;
    }

    /**
     * Whether clients may ping connections that have no call in flight at the
     * {@link #permitKeepAliveTime} rate (default true); false allows them one PING per two hours
     * (grpc-java's default).
     */
    public Builder permitKeepAliveWithoutCalls(boolean permit) {
      this.permitKeepAliveWithoutCalls = permit;
      return this;
    }

    /**
     * Gracefully closes a connection (GOAWAY; clients reconnect for their next call) once it has
     * had no call for this long. Default: never, as grpc-java.
     */
    public Builder maxConnectionIdle(Duration idle) {
      this.maxConnectionIdle = positive(idle, "maxConnectionIdle");
      return this;
    }

    /**
     * Gracefully closes a connection once it is this old (±10% jitter), calls in flight
     * finishing first, so clients reconnect and spread over the servers behind a balancer or a
     * DNS name, new ones included. Default: never, as grpc-java.
     */
    public Builder maxConnectionAge(Duration age) {
      this.maxConnectionAge = positive(age, "maxConnectionAge");
      return this;
    }

    /**
     * After {@link #maxConnectionAge}, how long calls still in flight may run before the
     * connection is closed under them. Default: the graceful-shutdown timeout.
     */
    public Builder maxConnectionAgeGrace(Duration grace) {
      this.maxConnectionAgeGrace = positive(grace, "maxConnectionAgeGrace");
      return this;
    }

    /**
     * How long a new connection may take before it has said which protocol it speaks (the
     * HTTP/2 preface, or an HTTP/1.1 request line) and, with TLS, before its handshake is done;
     * a client that connects and sends nothing, or a few bytes at a time, is closed then. Until
     * then no keepalive or idle limit watches the connection. Default: 30 s (grpc-java's
     * {@code handshakeTimeout} defaults to 120 s).
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    /**
     * Told of every connection this server accepts, of the bytes each reads and writes and of
     * its streams' flow-control stalls, both ways (for meters: {@code
     * TripleMetrics.connectionListener()} in triple-micrometer; see {@link
     * io.triple.ConnectionListener}). Called on I/O threads: must not block. Default: none, and
     * then connections carry no handler for it.
     */
    public Builder connectionListener(io.triple.ConnectionListener listener) {
      this.connectionListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * Lets browser pages from these origins (e.g. {@code https://app.example.com}, or {@code *}
     * for any) make plain-HTTP calls (JSON over {@code fetch}): preflight {@code OPTIONS}
     * requests are answered and answers carry the CORS headers. Default: none, so pages on
     * other origins cannot call.
     */
    public Builder corsAllowedOrigins(String... origins) {
      this.cors = new CorsPolicy(java.util.Arrays.asList(origins));
      return this;
    }

    /** The address to bind; default {@code 0.0.0.0} (all interfaces). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to bind; default {@link #DEFAULT_PORT} (50051); 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Interceptors for every service of this server, run in the order given and before any
     * the service has of its own ({@link ServiceDefinition#withInterceptors}).
     */
    public Builder intercept(ServerInterceptor... interceptors) {
      for (ServerInterceptor i : interceptors) {
        this.interceptors.add(Objects.requireNonNull(i, "interceptor"));
      }
      return this;
    }

    public Builder addService(ServiceDefinition service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * The executor handlers run on. Default: a virtual thread per call on JDK 21+, else a pool of
     * {@value io.triple.internal.DefaultExecutors#FALLBACK_POOL_SIZE} threads. Never an event
     * loop: a handler may block.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Netty I/O threads; default 0 means 2 x cores. */
    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /** Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED. */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS advertised to clients; default 1000. */
    public Builder maxConcurrentStreams(int streams) {
      this.maxConcurrentStreams = streams;
      return this;
    }

    /** HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE; default 8 KiB. */
    public Builder maxHeaderListSize(int bytes) {
      this.maxHeaderListSize = bytes;
      return this;
    }

    /**
     * HTTP/2 initial flow-control window of each stream and of the connection; default 1 MiB.
     * With {@link #autoTuneWindow(boolean)} on (the default) it is where the windows start.
     */
    public Builder initialWindowSize(int bytes) {
      this.initialWindowSize = bytes;
      return this;
    }

    /**
     * Whether each connection grows its receive windows (up to 8 MiB) to the bandwidth-delay
     * product it measures with HTTP/2 PINGs while DATA arrives, as grpc-java does; default on.
     * Off: the windows stay at {@link #initialWindowSize(int)}, and a client's upload moves at
     * most one window per round trip.
     */
    public Builder autoTuneWindow(boolean enabled) {
      this.autoTuneWindow = enabled;
      return this;
    }

    /** How long {@link #shutdown()} lets calls in flight finish; default 30s. */
    public Builder gracefulShutdownTimeout(Duration timeout) {
      this.gracefulShutdownTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public TripleServer build() {
      return new TripleServer(this);
    }
  }
}
