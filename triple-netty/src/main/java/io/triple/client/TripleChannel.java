package io.triple.client;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.MethodDescriptor;
import io.triple.internal.DefaultExecutors;
import io.triple.internal.NotSent;
import io.triple.netty.internal.client.ClientConnection;
import io.triple.netty.internal.client.ClientTransportSettings;
import io.triple.netty.internal.client.FailingClientCall;
import io.triple.netty.internal.client.NettyClientCall;
import io.triple.netty.internal.http2.ClientKeepAlive;
import io.triple.netty.internal.http2.EventLoops;
import io.triple.netty.internal.http2.Tls;
import io.triple.spi.TargetUris;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client channel to one Triple/gRPC server address. All calls share one HTTP/2 connection
 * (multiplexed streams); if the connection is lost or the server sends GOAWAY, the next call
 * opens a new one.
 *
 * <pre>{@code
 * try (TripleChannel channel = TripleChannel.forAddress("127.0.0.1", 8888).build()) {
 *   GreeterClient client = GreeterClient.create(channel);
 *   ...
 * }
 * }</pre>
 */
public final class TripleChannel implements ManagedChannel {
  /** The user-agent sent with every call. */
  public static final String USER_AGENT = "triple-java/" + version();

  private final String host;
  private final int port;
  private final String authority;
  /** The name the server's TLS certificate is checked against and sent as SNI. */
  private final String tlsHost;
  private final EventLoopGroup group;
  private final ExecutorService ownedExecutor;
  private final ClientTransportSettings settings;
  private final Object lock = new Object();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean terminating = new AtomicBoolean();
  private static final long INITIAL_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(120);

  private ClientConnection connection;
  /**
   * Every connection not closed yet: the current one and those draining after a GOAWAY, whose
   * calls in flight finish there. shutdown() waits for them all; shutdownNow() closes them all.
   */
  private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
  private long backoffNanos;
  private long nextConnectNanos;
  private volatile boolean shutdown;
  /** Applied to calls that set no deadline or timeout; null: none. */
  private final Duration defaultTimeout;

  private TripleChannel(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.authority = b.overrideAuthority != null ? b.overrideAuthority
        : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    this.tlsHost = b.overrideAuthority != null ? hostOf(b.overrideAuthority) : host;
    this.group = EventLoops.create("triple-client-io", b.ioThreads);
    Executor executor = b.executor;
    if (executor == null) {
      ownedExecutor = DefaultExecutors.create("triple-client");
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.settings =
        new ClientTransportSettings(
            executor,
            b.maxInboundMessageSize,
            b.maxHeaderListSize,
            b.initialWindowSize,
            b.autoTuneWindow,
            (int) b.connectTimeout.toMillis(),
            b.userAgent,
            b.keepAliveTime == null ? null
                : new ClientKeepAlive(b.keepAliveTime.toNanos(), b.keepAliveTimeout.toNanos(), b.keepAliveWithoutCalls),
            b.sslContext,
            b.serviceVersion,
            b.serviceGroup,
            b.connectionListener);
    this.defaultTimeout = b.defaultTimeout;
  }

  /** A channel builder for {@code host:port}. */
  public static Builder forAddress(String host, int port) {
    return new Builder(host, port);
  }

  /**
   * A channel builder for a URI: {@code tri://host:port}, {@code triple://host:port},
   * {@code grpc://host:port}, {@code http://host:port} or a bare {@code host:port} (cleartext
   * HTTP/2), or {@code https://host[:port]} (TLS, trusting the JDK's default authorities; port
   * 443 by default), or grpc-java's {@code dns:///host[:port]} (port 443 by default, as there).
   * A path, if present (as in {@code triple://host:port/pkg.Service}), is ignored. Query
   * parameters as Dubbo users write them in provider URLs: {@code version}, {@code group},
   * {@code timeout} (ms), {@code connect.timeout} (ms), {@code max_body_size} (or Dubbo's older
   * {@code payload}, bytes); any other is an {@link IllegalArgumentException} naming it.
   */
  public static Builder forTarget(String target) {
    Objects.requireNonNull(target, "target");
    String t = TargetUris.normalize(target);
    URI uri;
    try {
      uri = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid target URI '" + target + "': " + e.getMessage(), e);
    }
    return forUri(uri, target);
  }

  static Builder forUri(URI uri, String original) {
    String scheme = uri.getScheme() == null ? "tri" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!isSupportedScheme(scheme)) {
      throw new IllegalArgumentException(
          "Unsupported scheme '" + scheme + "' in '" + original
              + "' (supported: tri, triple, grpc, http, h2c, https, dns)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("No host in target URI '" + original + "'");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : switch (scheme) {
      case "http" -> 80;
      case "https" -> 443;
      default -> io.triple.server.TripleServer.DEFAULT_PORT;
    };
    Builder b = new Builder(uri.getHost(), port);
    UriParameters.apply(uri.getRawQuery(), b, original);
    return scheme.equals("https") ? b.tls() : b;
  }

  /** The URI schemes this transport serves. */
  public static boolean isSupportedScheme(String scheme) {
    return switch (scheme) {
      case "tri", "triple", "grpc", "http", "h2c", "https" -> true;
      default -> false;
    };
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
    CallOptions options = defaultTimeout != null && callOptions.deadline() == null
        && callOptions.timeout() == null ? callOptions.withTimeout(defaultTimeout) : callOptions;
    if (shutdown) {
      return new FailingClientCall<>(
          NotSent.unavailable("Channel to " + authority + " is shut down", null),
          options.executor() != null ? options.executor() : settings.executor());
    }
    ClientConnection c;
    synchronized (lock) {
      if (shutdown) { // shut down since the check above: no new connection any more
        return new FailingClientCall<>(
            NotSent.unavailable("Channel to " + authority + " is shut down", null),
            options.executor() != null ? options.executor() : settings.executor());
      }
      c = connection;
      if (c == null || !c.isUsable()) {
        long now = System.nanoTime();
        if (c != null && c.connectFailed() && now - nextConnectNanos < 0) {
          // Backing off after a failed connect: fail fast rather than hammer a dead address.
          return new FailingClientCall<>(
              NotSent.unavailable("Failed to connect to " + authority + ": "
                  + c.connectFailure() + " (next attempt in "
                  + TimeUnit.NANOSECONDS.toMillis(nextConnectNanos - now) + " ms)", null),
              options.executor() != null ? options.executor() : settings.executor());
        }
        c = connect(c);
      }
    }
    return new NettyClientCall<>(method, options, c, settings, authority);
  }

  /** Replaces the connection; called with the lock held. */
  private ClientConnection connect(ClientConnection old) {
    ClientConnection c = ClientConnection.connect(group, resolve(), tlsHost, settings);
    connection = c;
    open.add(c);
    c.closeFuture().addListener(f -> open.remove(c));
    c.onConnectDone(() -> {
      synchronized (lock) {
        if (c.connectFailed()) {
          // Exponential backoff with jitter, as gRPC's connection backoff: 1 s, x1.6, max 120 s.
          backoffNanos = backoffNanos == 0 ? INITIAL_BACKOFF_NANOS
              : Math.min((long) (backoffNanos * 1.6), MAX_BACKOFF_NANOS);
          double jitter = 0.8 + 0.4 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
          nextConnectNanos = System.nanoTime() + (long) (backoffNanos * jitter);
        } else {
          backoffNanos = 0;
        }
      }
    });
    if (old != null && !old.isDraining()) {
      old.close();
    }
    // A connection the server sent GOAWAY on is left alone: its calls in flight finish there and
    // the server closes it once they have. Closing it from our side would reset them.

    return c;
  }

  /** The host part of an authority ({@code host:port}, {@code [v6]:port} or {@code host}). */
  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end > 0 ? authority.substring(1, end) : authority;
    }
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(':') == colon ? authority.substring(0, colon) : authority;
  }

  private InetSocketAddress resolve() {
    // Resolved at each (re)connect so a changed DNS answer is picked up.
    return new InetSocketAddress(host, port);
  }

  @Override
  public String authority() {
    return authority;
  }

  /**
   * Graceful: new calls fail at once; calls in flight finish, on the current connection and on
   * any draining one (the I/O threads stop only after the last connection has closed).
   */
  @Override
  public void shutdown() {
    List<ClientConnection> all;
    synchronized (lock) {
      if (shutdown) {
        return;
      }
      shutdown = true;
      connection = null;
      all = List.copyOf(open);
    }
    if (all.isEmpty()) {
      terminate();
      return;
    }
    AtomicInteger left = new AtomicInteger(all.size());
    for (ClientConnection c : all) {
      c.close(); // HTTP/2's graceful close: GOAWAY, then the socket once its streams are done
      c.closeFuture().addListener(f -> {
        if (left.decrementAndGet() == 0) {
          terminate();
        }
      });
    }
  }

  /** shutdown(), then every connection closed at once: calls in flight fail with UNAVAILABLE. */
  @Override
  public void shutdownNow() {
    List<ClientConnection> all;
    synchronized (lock) {
      all = List.copyOf(open);
    }
    shutdown();
    // Close the sockets at once and only then stop the I/O threads: calls still connecting or in
    // flight learn of the close through listeners that run on those threads. Stopping the threads
    // first dropped those notifications and left such calls waiting forever.
    for (ClientConnection c : all) {
      c.closeNow();
    }
    // terminate() follows from shutdown()'s close listeners, now that the sockets are closing
    // (it also ran already if nothing was open).
  }

  private void terminate() {
    if (!terminating.compareAndSet(false, true)) {
      return; // shutdown() then shutdownNow(): both end here
    }
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).addListener(f -> {
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
      terminated.countDown();
    });
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "TripleChannel{" + authority + "}";
  }

  private static String version() {
    String v = TripleChannel.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Configures a {@link TripleChannel}. */
  public static final class Builder {
    /** 8 MiB, as Apache Dubbo's Triple ({@code max-body-size}): what its peers send each other. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 8 * 1024 * 1024;

    private final String host;
    private final int port;
    private Executor executor;
    private int ioThreads = 1;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private String serviceVersion = "";
    private String serviceGroup = "";
    private Duration defaultTimeout;
    private int maxHeaderListSize = 8192;
    private int initialWindowSize = 1024 * 1024;
    private boolean autoTuneWindow = true;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private String userAgent = USER_AGENT;
    private Duration keepAliveTime;
    private Duration keepAliveTimeout = Duration.ofSeconds(20);
    private boolean keepAliveWithoutCalls;
    private SslContext sslContext;
    private String overrideAuthority;
    private io.triple.ConnectionListener connectionListener;

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range 1-65535: " + port);
      }
      this.port = port;
    }

    /** The executor response callbacks run on. Default: virtual threads on JDK 21+, else a pool. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Netty I/O threads for this channel; default 1 (one connection needs one). */
    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /**
     * Largest response message accepted; default {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE} (8 MiB,
     * Dubbo's; docs/config.md says why). Bigger: RESOURCE_EXHAUSTED.
     */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Sends {@code tri-service-version} with every call that does not set it: a direct channel
     * to a server hosting several versions of a service reaches this one (empty: none).
     */
    public Builder serviceVersion(String version) {
      this.serviceVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Sends {@code tri-service-group} with every call that does not set it (empty: none). */
    public Builder serviceGroup(String group) {
      this.serviceGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /** A timeout for every call that sets neither deadline nor timeout; default none. */
    public Builder defaultTimeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /** HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE for responses; default 8 KiB. */
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
     * Off: the windows stay at {@link #initialWindowSize(int)}, and a response or server stream
     * moves at most one window per round trip.
     */
    public Builder autoTuneWindow(boolean enabled) {
      this.autoTuneWindow = enabled;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Sends an HTTP/2 PING when a connection with calls in flight has been quiet this long, and
     * closes it if the ack does not come within {@link #keepAliveTimeout}; off by default (as
     * grpc-java). Servers limit how often they may be pinged (grpc-java's: every 5 minutes at
     * most by default; ours: every 10 seconds); one that closes the connection for
     * {@code too_many_pings} makes this channel ping half as often from then on.
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = time;
      return this;
    }

    /**
     * Also pings connections with no call in flight (default false, as grpc-java): keeps idle
     * connections through NATs and proxies that drop quiet ones, but servers must permit it
     * (ours do by default; grpc-java's only with {@code permitKeepAliveWithoutCalls}), or they
     * close the connection.
     */
    public Builder keepAliveWithoutCalls(boolean enabled) {
      this.keepAliveWithoutCalls = enabled;
      return this;
    }

    /** How long to wait for a keepalive PING ack; default 20 s. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Connects with TLS (HTTP/2 negotiated through ALPN), trusting the JDK's default certificate
     * authorities; the server's certificate must name the host connected to.
     */
    public Builder tls() {
      this.sslContext = Tls.client(null);
      return this;
    }

    /** Connects with TLS, trusting the PEM certificates (CA or self-signed) in {@code trusted}. */
    public Builder tls(File trusted) {
      this.sslContext = Tls.client(Objects.requireNonNull(trusted, "trusted"));
      return this;
    }

    /**
     * As {@link #tls(File)} ({@code trusted} null: the JDK's default authorities); with
     * {@code certificateChain} and {@code privateKey} (PEM) not null, presents that client
     * certificate to servers that ask for one (mutual TLS).
     */
    public Builder tls(File trusted, File certificateChain, File privateKey) {
      this.sslContext = Tls.client(trusted, certificateChain, privateKey);
      return this;
    }

    /**
     * Connects with TLS as {@code sslContext} says (client certificates, custom trust, ...); it
     * must be a client context offering "h2" through ALPN.
     */
    public Builder tls(SslContext sslContext) {
      this.sslContext = Tls.checked(sslContext, false);
      return this;
    }

    /**
     * Sends {@code authority} ({@code host} or {@code host:port}) as the {@code :authority} of
     * every call, and with TLS checks the server's certificate against its host and sends it as
     * SNI, instead of the address connected to: for a server reached by IP address or through a
     * tunnel whose certificate names another host (grpc-java's {@code overrideAuthority}).
     */
    public Builder overrideAuthority(String authority) {
      if (authority == null || authority.isBlank()) {
        throw new IllegalArgumentException("authority must not be empty");
      }
      this.overrideAuthority = authority;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent);
      return this;
    }

    /**
     * Told of every connection this channel makes, of the bytes each reads and writes and of its
     * calls' flow-control stalls (for meters: {@code TripleMetrics.clientConnectionListener()} in
     * triple-micrometer). A connection counts as opened once its TCP connect succeeds (before any
     * TLS handshake and the server's HTTP/2 SETTINGS; a connect that fails is neither opened nor
     * closed) and as closed when its socket closes. A stall: a call's stream stopped being
     * writable while it may still send, because what it sends exceeds the window the server gave
     * it (the stream's or the connection's) or the socket's buffer is full; and, inbound, a
     * stream whose server used up the window this channel gave it. Called on I/O threads: must
     * not block. Default: none, and then connections carry no handler for it.
     */
    public Builder connectionListener(io.triple.ConnectionListener listener) {
      this.connectionListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public TripleChannel build() {
      return new TripleChannel(this);
    }
  }
}
