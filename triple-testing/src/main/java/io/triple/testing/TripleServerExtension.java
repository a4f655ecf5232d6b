package io.triple.testing;

import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.inprocess.InProcessChannel;
import io.triple.inprocess.InProcessServer;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Serves services on a free port of 127.0.0.1 for a test, and hands out channels and clients
 * that are closed after each test. A static field serves the whole class (one server, started
 * before the first test); an instance field gets a fresh server for every test.
 *
 * <pre>{@code
 * class GreeterImplTest {
 *   @RegisterExtension
 *   static TripleServerExtension server = TripleServerExtension.serving(GreeterTriple.bindService(new GreeterImpl()));
 *
 *   @Test
 *   void greets() {
 *     GreeterClient client = server.client(GreeterClient::create);
 *     assertEquals("hello world", client.greet(request("world")).getMessage());
 *   }
 * }
 * }</pre>
 *
 * The server is a real {@link TripleServer} (HTTP/2 over loopback TCP), so deadlines, metadata,
 * cancellation, flow control and errors behave as in production.
 *
 * <p>{@link #inProcess(ServiceDefinition...)} serves them instead on an {@link InProcessServer}
 * under a unique name: no sockets, no port, and the same semantics (the transports pass the
 * same contract tests); channels are {@link InProcessChannel}s and targets
 * {@code inprocess://NAME}.
 */
public final class TripleServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final List<ServiceDefinition> services;
  private final boolean inProcess;
  private final List<ServerInterceptor> interceptors = new ArrayList<>();
  private Consumer<TripleServer.Builder> customizer = b -> {};
  private Consumer<InProcessServer.Builder> inProcessCustomizer = b -> {};
  private TripleServer server;
  private InProcessServer inProcessServer;
  private boolean perClass;
  private final List<AutoCloseable> perTest = new ArrayList<>();

  private TripleServerExtension(List<ServiceDefinition> services, boolean inProcess) {
    this.services = List.copyOf(services);
    this.inProcess = inProcess;
  }

  /** An extension serving {@code services} on a free port of 127.0.0.1. */
  public static TripleServerExtension serving(ServiceDefinition... services) {
    return new TripleServerExtension(List.of(services), false);
  }

  /**
   * An extension serving {@code services} in process, under a unique name: no sockets, no port,
   * no event loops to start.
   */
  public static TripleServerExtension inProcess(ServiceDefinition... services) {
    return new TripleServerExtension(List.of(services), true);
  }

  /** Server interceptors, in the order {@link TripleServer.Builder#intercept} takes them. */
  public TripleServerExtension intercept(ServerInterceptor... interceptors) {
    this.interceptors.addAll(List.of(interceptors));
    return this;
  }

  /** Anything else the server's builder offers (limits, TLS, keepalive...). */
  public TripleServerExtension configure(Consumer<TripleServer.Builder> customizer) {
    if (inProcess) {
      throw new IllegalStateException("an in-process extension has no TripleServer: use configureInProcess");
    }
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /** For {@link #inProcess(ServiceDefinition...)}: anything else the in-process server's builder offers (limits, executor). */
  public TripleServerExtension configureInProcess(Consumer<InProcessServer.Builder> customizer) {
    if (!inProcess) {
      throw new IllegalStateException("a network extension has no InProcessServer: use configure");
    }
    this.inProcessCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    for (AutoCloseable c : perTest) {
      try {
        c.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    perTest.clear();
    if (!perClass) {
      stop();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void start() {
    if (inProcess) {
      InProcessServer.Builder b = InProcessServer.builder(InProcessServer.uniqueName());
      services.forEach(b::addService);
      b.intercept(interceptors.toArray(ServerInterceptor[]::new));
      inProcessCustomizer.accept(b);
      inProcessServer = b.build().start();
      return;
    }
    TripleServer.Builder b = TripleServer.builder().host("127.0.0.1").port(0);
    services.forEach(b::addService);
    if (!interceptors.isEmpty()) {
      b.intercept(interceptors.toArray(ServerInterceptor[]::new));
    }
    customizer.accept(b);
    server = b.build().start();
  }

  private void stop() {
    if (inProcessServer != null) {
      inProcessServer.shutdownNow();
      try {
        inProcessServer.awaitTermination(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inProcessServer = null;
    }
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  /** The running server (between the callbacks that start and stop it). */
  public TripleServer server() {
    if (inProcess) {
      throw new IllegalStateException("an in-process extension serves on an InProcessServer: use inProcessServer()");
    }
    if (server == null) {
      throw notRunning();
    }
    return server;
  }

  /** For {@link #inProcess(ServiceDefinition...)}: the running in-process server. */
  public InProcessServer inProcessServer() {
    if (!inProcess) {
      throw new IllegalStateException("a network extension serves on a TripleServer: use server()");
    }
    if (inProcessServer == null) {
      throw notRunning();
    }
    return inProcessServer;
  }

  private static IllegalStateException notRunning() {
    return new IllegalStateException("the server runs only while a test does: register the extension"
        + " with @RegisterExtension and use it from a test or a @BeforeEach method");
  }

  /** The server's port (not for {@link #inProcess(ServiceDefinition...)}: it has none). */
  public int port() {
    return server().port();
  }

  /** {@code tri://127.0.0.1:PORT}, or {@code inprocess://NAME} for {@link #inProcess(ServiceDefinition...)}. */
  public String target() {
    return inProcess ? inProcessServer().target() : "tri://127.0.0.1:" + port();
  }

  /** A new channel to the server, closed after the current test. */
  public ManagedChannel channel() {
    ManagedChannel ch = inProcess
        ? InProcessChannel.forName(inProcessServer().name()).build()
        : Channels.forTarget(target());
    perTest.add(ch::close);
    return ch;
  }

  /**
   * A client made from the server's target ({@code GreeterClient::create}), closed after the
   * current test if it is {@link AutoCloseable}.
   */
  public <C> C client(Function<String, C> factory) {
    C client = factory.apply(target());
    if (client instanceof AutoCloseable c) {
      perTest.add(c);
    }
    return client;
  }
}
