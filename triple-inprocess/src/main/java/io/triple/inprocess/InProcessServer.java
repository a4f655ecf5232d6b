package io.triple.inprocess;

import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.inprocess.internal.ServerEndpoint;
import io.triple.internal.DefaultExecutors;
import io.triple.internal.MethodRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Serves services to {@link InProcessChannel}s of the same JVM, under a name instead of a port:
 * no sockets, no HTTP/2, but the network server's semantics. Messages cross as bytes through the
 * real marshallers; request metadata, response headers and trailers as the peer would receive
 * them; deadlines travel as {@code grpc-timeout}; cancellation, deadlines and errors end the call
 * on both sides; messages are delivered only as requested; the size limit answers
 * RESOURCE_EXHAUSTED; handlers run on the server's executor, one callback at a time per call.
 *
 * <pre>{@code
 * InProcessServer server = InProcessServer.builder("greeter")
 *     .addService(GreeterTriple.bindService(new GreeterImpl()))
 *     .build().start();
 * }</pre>
 */
public final class InProcessServer implements AutoCloseable {
  private final String name;
  private final List<ServiceDefinition> services;
  private final ServerEndpoint endpoint;
  private final ExecutorService ownedExecutor;
  private final Duration gracefulShutdownTimeout;
  private boolean started;
  private volatile boolean shutdown;

  private InProcessServer(Builder b) {
    this.name = b.name;
    this.gracefulShutdownTimeout = b.gracefulShutdownTimeout;
    // Server-wide interceptors outside each service's own, as the network server routes.
    MethodRegistry methods = MethodRegistry.serving(b.services, b.interceptors);
    this.services = methods.services();
    this.ownedExecutor = b.executor == null ? DefaultExecutors.create("triple-inprocess-server") : null;
    Executor executor = ownedExecutor != null ? ownedExecutor : b.executor;
    this.endpoint = new ServerEndpoint(name, methods, executor, b.maxInboundMessageSize,
        new InProcessSocketAddress(name), () -> {
          if (ownedExecutor != null) {
            ownedExecutor.shutdown();
          }
        });
  }

  /** A builder for a server reachable under {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A name no other server of this JVM uses ({@code inprocess-} and a random UUID). */
  public static String uniqueName() {
    return "inprocess-" + UUID.randomUUID();
  }

  /**
   * Starts serving under the name.
   *
   * @throws IllegalStateException if started before, or another in-process server runs under
   *     this name
   */
  public synchronized InProcessServer start() {
    if (started) {
      throw new IllegalStateException("Server already started");
    }
    started = true;
    endpoint.register();
    return this;
  }

  /** The name channels reach this server by. */
  public String name() {
    return name;
  }

  /** {@code inprocess://NAME}, for {@code Channels.forTarget} and generated clients' {@code create}. */
  public String target() {
    return "inprocess://" + name;
  }

  public List<ServiceDefinition> services() {
    return services;
  }

  /**
   * Graceful shutdown: new calls fail with UNAVAILABLE (never sent, as after GOAWAY); calls in
   * flight may finish within the graceful-shutdown timeout, after which they are cancelled.
   */
  public synchronized void shutdown() {
    if (shutdown) {
      return;
    }
    shutdown = true;
    endpoint.unregister();
    endpoint.calls().shutdown();
    if (!endpoint.calls().isTerminated()) {
      Thread t = new Thread(() -> {
        try {
          if (!awaitTermination(gracefulShutdownTimeout)) {
            shutdownNow();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "triple-inprocess-shutdown-" + name);
      t.setDaemon(true);
      t.start();
    }
  }

  /** Immediate shutdown: calls in flight end, UNAVAILABLE for their clients, cancelled for handlers. */
  public void shutdownNow() {
    synchronized (this) {
      shutdown = true;
      endpoint.unregister();
      endpoint.calls().shutdown();
    }
    endpoint.abortAll(Status.UNAVAILABLE.withDescription("In-process server '" + name + "' shut down"));
  }

  public boolean isShutdown() {
    return shutdown;
  }

  /** Waits until shut down and every call has ended. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return endpoint.calls().awaitTermination(timeout);
  }

  /** {@link #shutdown()}, wait for the graceful period, then {@link #shutdownNow()}. */
  @Override
  public void close() {
    shutdown();
    try {
      if (!awaitTermination(gracefulShutdownTimeout.plusSeconds(1))) {
        shutdownNow();
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "InProcessServer{" + name + "}";
  }

  /** Configures an {@link InProcessServer}. */
  public static final class Builder {
    /** Largest request accepted by default, as the network server's default. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 8 * 1024 * 1024;

    private final String name;
    private final List<ServiceDefinition> services = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private Executor executor;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private Duration gracefulShutdownTimeout = Duration.ofSeconds(30);

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name must not be empty");
      }
    }

    public Builder addService(ServiceDefinition service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * Interceptors for every service of this server, run in the order given and before any the
     * service has of its own ({@link ServiceDefinition#withInterceptors}).
     */
    public Builder intercept(ServerInterceptor... interceptors) {
      for (ServerInterceptor i : interceptors) {
        this.interceptors.add(Objects.requireNonNull(i, "interceptor"));
      }
      return this;
    }

    /**
     * The executor handlers run on. Default: a virtual thread per call on JDK 21+, else a pool
     * (as the network server's), shut down when the server has terminated.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Largest request message accepted; bigger ones fail the call with RESOURCE_EXHAUSTED. */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** How long {@link #shutdown()} lets calls in flight finish; default 30s. */
    public Builder gracefulShutdownTimeout(Duration timeout) {
      this.gracefulShutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public InProcessServer build() {
      return new InProcessServer(this);
    }
  }
}
