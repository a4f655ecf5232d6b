package io.triple.bootstrap;

import io.triple.ManagedChannel;
import io.triple.ServiceDefinition;
import io.triple.bootstrap.ExportPlan.Export;
import io.triple.bootstrap.management.ManagedApplication;
import io.triple.bootstrap.management.ManagementServers;
import io.triple.bootstrap.management.ReferenceStatus;
import io.triple.bootstrap.management.ServiceStatus;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.registry.RegistryFactory;
import io.triple.server.TripleServer;
import io.triple.services.HealthService;
import io.triple.services.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Starts the services of an application the way Dubbo does: register implementations, then
 * start with a configuration ({@code dubbo.yaml}, or one built in code) that says which
 * protocol and port serve which interface.
 *
 * <pre>{@code
 * Dubbo dubbo = Dubbo.create()
 *     .register(GreeterTriple.bindService(new GreeterImpl()))
 *     .start();                  // reads dubbo.yaml: DUBBO_CONFIG_PATH, else ./dubbo.yaml
 * dubbo.blockUntilShutdown();
 * }</pre>
 *
 * <p>Each configured service ({@code dubbo.provider.services.<id>}) must name a registered
 * interface, or the implementation class under {@code ref} (Dubbo's {@code ref}: created with its
 * public no-arg constructor when code registered nothing for the interface); registered services
 * that no entry names are served too when exactly one protocol is configured (logged), so a
 * minimal file with only {@code protocols} works. Plain Java interfaces (no .proto) are served
 * and called in Dubbo's Triple wrapper mode: {@link #register(Class, Object)},
 * {@link #reference(String, Class)}.
 *
 * <p>With registries configured ({@code dubbo.registries}), each configured service is registered
 * in its registries once its server is up, in Apache Dubbo's layout so Dubbo consumers find it,
 * and unregistered first thing on shutdown (before calls in flight drain). Consumers get channels
 * to configured references with {@link #channel(String)}. Registry implementations are found on
 * the class path: add {@code io.triple:triple-registry-zookeeper} for ZooKeeper.
 *
 * <p>Interceptors come from the configuration too, with Apache Dubbo's attribute names: each
 * exported service gets, in this order, an access log ({@code accesslog}), a token check
 * ({@code token}), a concurrency limit of its own ({@code executes}), then the interceptors its
 * {@code filter} names (provider-wide names first), made by {@link ServerInterceptorFactory}s;
 * a reference's channel sends its {@code token} and runs the client interceptors its
 * {@code filter} names ({@link ClientInterceptorFactory}). See {@code docs/interceptors.md}.
 */
public final class Dubbo implements AutoCloseable {
  private final Registrations registered = new Registrations();
  private volatile RootConfig config;
  private volatile Executor executor;
  private final Extensions extensions = new Extensions();
  /** What the management commands and the extensions see of this Dubbo. */
  private final Managed managed = new Managed();
  private final InterceptorChains interceptors = new InterceptorChains(extensions);
  private final ServerAssembly servers = new ServerAssembly();
  private final RegistryClients registries = new RegistryClients();
  private final RegistryPublisher publisher = new RegistryPublisher(registries);
  private final ReferenceChannels references = new ReferenceChannels(interceptors, registries, extensions);
  private final PojoReferences pojoReferences = new PojoReferences();
  private boolean started;
  /** start() completed (servers up, services handed to their registries). */
  private volatile boolean running;
  private volatile boolean stopping;
  /** An application with nothing to serve made its first reference: as started as it will be. */
  private volatile boolean consumerStarted;
  private boolean unregistered;
  private Boolean builtinServices;
  private boolean logLevelApplied;
  private volatile HealthService health;
  private boolean managementStarted;
  private ManagementServers management;

  /** Dubbo Java's switch for its Triple built-in health and reflection services. */
  public static final String BUILTIN_SERVICES_PROPERTY = "dubbo.tri.builtin.service.init";

  private Dubbo() {}

  public static Dubbo create() {
    return new Dubbo();
  }

  /** Uses this configuration instead of loading {@code dubbo.yaml}. */
  public Dubbo withConfig(RootConfig config) {
    this.config = config;
    return this;
  }

  /** Registers a service implementation (from generated {@code XxxTriple.bindService(impl)}). */
  public synchronized Dubbo register(ServiceDefinition service) {
    registered.add(service);
    return this;
  }

  /**
   * Registers the implementation of a plain Java interface (no .proto), served under the
   * interface's name in Apache Dubbo's Triple wrapper mode, so Dubbo's consumers call it too.
   * At start it gets the configuration's deserialization guard
   * ({@code dubbo.application.serialize_check_status}, {@code serialize_allow},
   * {@code serialize_deny}) and serializations ({@code dubbo.provider.serialization}); it needs a
   * serialization module on the class path ({@code io.triple:triple-serialization-hessian2} or
   * {@code -fastjson2}). A generated .proto service interface is bound with its generated
   * {@code XxxTriple.bindService(impl)} instead, as {@link #register(ServiceDefinition)} would.
   *
   * @throws IllegalArgumentException if {@code iface} is not an interface, {@code impl} does not
   *     implement it, or a service of that name is registered already
   */
  public synchronized <T> Dubbo register(Class<T> iface, T impl) {
    registered.add(iface, impl);
    return this;
  }

  /**
   * Makes a server interceptor available to {@code filter} lists by its name, in addition to the
   * factories found in {@code META-INF/services} (this one wins on a name clash).
   */
  public synchronized Dubbo interceptorFactory(ServerInterceptorFactory factory) {
    interceptors.add(factory);
    return this;
  }

  /**
   * Adds an extension (triple-micrometer's {@code dubbo.metrics}, ...) in addition to those found
   * on the class path, or instead of the class path's of the same name. Before {@link #start()}
   * and {@link #channel(String)}, which activate the extensions.
   */
  public synchronized Dubbo extension(DubboExtension extension) {
    extensions.add(extension);
    return this;
  }

  /**
   * Uses this registry implementation for {@code dubbo.registries} (and
   * {@code dubbo.metadata_report}) addresses of its protocol instead of the one found in
   * {@code META-INF/services} (a client set up in code: credentials, a shared connection). The
   * configuration accepts only the protocols of the class path's implementations, so this
   * replaces one rather than adding a protocol. Before {@link #start()} and
   * {@link #channel(String)}, which create the registry clients.
   */
  public synchronized Dubbo registryFactory(RegistryFactory factory) {
    registries.add(factory);
    return this;
  }

  /** As {@link #interceptorFactory(ServerInterceptorFactory)}, for references' filter lists. */
  public synchronized Dubbo interceptorFactory(ClientInterceptorFactory factory) {
    interceptors.add(factory);
    return this;
  }

  /** The executor service handlers run on (default: virtual threads on JDK 21+, else a pool). */
  public Dubbo executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /**
   * Whether each server also serves gRPC health checking ({@code grpc.health.v1.Health}) and
   * server reflection ({@code grpc.reflection.v1} and {@code v1alpha}), as Dubbo Java's Triple
   * does with {@code dubbo.tri.builtin.service.init=true}. Default: that system property (or
   * the environment variable {@code DUBBO_TRI_BUILTIN_SERVICE_INIT}), else false, as in Dubbo.
   * Health then reports the server ({@code ""}) and every served service SERVING once started,
   * and NOT_SERVING as soon as shutdown begins.
   */
  public Dubbo builtinServices(boolean enabled) {
    this.builtinServices = enabled;
    return this;
  }

  /** The health service of {@link #builtinServices}, or null when they are off or not started. */
  public HealthService health() {
    return health;
  }

  private boolean builtinServicesEnabled() {
    if (builtinServices != null) {
      return builtinServices;
    }
    String v = System.getProperty(BUILTIN_SERVICES_PROPERTY);
    if (v == null) {
      v = System.getenv("DUBBO_TRI_BUILTIN_SERVICE_INIT");
    }
    return Boolean.parseBoolean(v);
  }

  /**
   * Loads the configuration if none was given, then starts one server per protocol in use.
   *
   * @throws ConfigException if the configuration is missing or invalid, naming file and key, or
   *     there is nothing to serve (no protocol declared, or no service registered or configured:
   *     an application that only calls others needs no {@code start()})
   * @throws java.io.UncheckedIOException if a port cannot be bound
   */
  public synchronized Dubbo start() {
    if (started) {
      throw new IllegalStateException("Already started");
    }
    started = true;
    RootConfig cfg = config();
    activate(cfg);
    PojoExports pojo = new PojoExports(cfg);
    Map<String, ServiceDefinition> definitions = registered.definitions(pojo);
    ExportPlan plan = ExportPlan.of(cfg, definitions, ServiceRefs.of(cfg, registered, pojo), interceptors);
    if (plan.byProtocol().isEmpty()) {
      throw ExportPlan.nothingToServe(cfg, definitions.keySet());
    }
    if (builtinServicesEnabled()) {
      health = HealthService.create();
    }
    try {
      for (Map.Entry<String, List<Export>> e : plan.byProtocol().entrySet()) {
        ProtocolConfig protocol = cfg.protocols().get(e.getKey());
        TripleServer server = servers.start(cfg, e.getKey(), protocol, e.getValue(), executor, health,
            publisher.metadataService(cfg, e.getValue()), extensions.connectionListener());
        // Registered as soon as their own server is up; should a later one fail to start,
        // shutdownNow() takes them out of the registries again.
        publisher.register(cfg, protocol, server.port(), e.getValue());
      }
    } catch (RuntimeException e) {
      shutdownNow();
      throw e;
    }
    if (health != null) {
      plan.byProtocol().values().forEach(xs -> xs.forEach(
          x -> health.setStatus(x.def().serviceName(), ServingStatus.SERVING)));
    }
    running = true;
    extensions.started();
    return this;
  }

  /**
   * Whether this application can take traffic now, and if not why: servers started (for a
   * consumer, which has nothing to serve and never calls start(): its first reference made), not
   * offline, not shutting down, every registry client connected. A snapshot; safe from any thread and
   * cheap (no registry is asked over the network).
   */
  public Readiness readiness() {
    // Not synchronized: a probe must answer while start() or shutdown() holds the lock.
    return new Readiness(running || consumerStarted, publisher.allOffline(), stopping, registries.statuses());
  }

  /** Activates the extensions, then opens the management ports (QoS, the extensions' routes), once. */
  private void activate(RootConfig cfg) {
    extensions.activate(cfg, managed);
    if (!managementStarted) {
      managementStarted = true;
      management = ManagementServers.start(cfg, extensions.managementRoutes(), managed);
    }
  }

  /**
   * Apache Dubbo's QoS {@code offline}, for rolling deploys: takes the services whose key
   * ({@code group/interface:version}), {@code interface:version} or interface name matches
   * {@code servicePattern} (a regular expression; {@code ".*"}: all) out of every registry,
   * interface and application level, without stopping the servers: calls keep being answered,
   * consumers stop choosing this process as they hear of it. With the built-in health service
   * those services report NOT_SERVING, and the server ({@code ""}) too once none is online. (The
   * management endpoint's {@code offlineInterface} and {@code offlineApp} do one level only.)
   *
   * @return the names of the matching services (empty: none matched)
   * @throws java.util.regex.PatternSyntaxException if the pattern is not a regular expression
   */
  public List<String> offline(String servicePattern) {
    return setOnline(java.util.regex.Pattern.compile(servicePattern), false, true, true);
  }

  /**
   * Apache Dubbo's QoS {@code online}: puts services taken {@link #offline} back into their
   * registries and reports them SERVING again. Does nothing once shutdown has begun.
   *
   * @return the names of the matching services (empty: none matched, or shutting down)
   */
  public List<String> online(String servicePattern) {
    return setOnline(java.util.regex.Pattern.compile(servicePattern), true, true, true);
  }

  /** offline / online at some levels (Dubbo's offlineInterface, offlineApp, ...), then health. */
  private List<String> setOnline(java.util.regex.Pattern services, boolean online, boolean interfaceLevel,
      boolean appLevel) {
    List<String> matched = publisher.setOnline(services, online, interfaceLevel, appLevel);
    reportHealth(matched);
    return matched;
  }

  private void reportHealth(List<String> serviceNames) {
    HealthService h = health;
    if (h == null) {
      return;
    }
    for (String name : serviceNames) {
      h.setStatus(name, publisher.online(name) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
    h.setStatus(HealthService.SERVER, publisher.allOffline() ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
  }

  /** What the management commands see of this Dubbo. */
  private final class Managed implements ManagedApplication {
    @Override
    public String application() {
      RootConfig c = config; // volatile: no waiting for start()
      return c == null ? "" : c.application();
    }

    @Override
    public Readiness readiness() {
      return Dubbo.this.readiness();
    }

    @Override
    public List<String> setOnline(java.util.regex.Pattern services, boolean online, boolean interfaceLevel,
        boolean applicationLevel) {
      return Dubbo.this.setOnline(services, online, interfaceLevel, applicationLevel);
    }

    @Override
    public List<ServiceStatus> services() {
      return publisher.statuses();
    }

    @Override
    public List<ReferenceStatus> references() {
      return references.statuses();
    }

    @Override
    public Executor handlerExecutor() {
      return executor;
    }
  }

  /** The configuration: as given, else loaded (once) from dubbo.yaml. */
  private synchronized RootConfig config() {
    if (config == null) {
      config = new ConfigLoader().load();
    }
    if (!logLevelApplied) {
      logLevelApplied = true;
      if (config.loggingLevelSet()) {
        LogLevels.apply(config.loggingLevel());
      }
    }
    return config;
  }

  /**
   * A channel for the reference {@code referenceId} under {@code dubbo.consumer.references}:
   * to its {@code url} (several separated by ';'), or to the providers its registries list,
   * with its loadbalance, cluster, retries, timeout, version and group. Created on first use and
   * shared; closed by {@link #close()}. Does not need {@link #start()} (a consumer-only
   * application has nothing to serve).
   *
   * @throws IllegalArgumentException if there is no such reference
   * @throws ConfigException if the configuration is invalid or names an unusable registry
   * @throws IllegalStateException if the reference's {@code check} is true (the default, as in
   *     Dubbo) and its registries list no provider of it, after waiting up to 3 s for a first list
   */
  public synchronized ManagedChannel channel(String referenceId) {
    activate(config());
    ManagedChannel ch = references.get(config(), referenceId);
    referenceMade(config());
    return ch;
  }

  /**
   * A consumer never calls start() (it has nothing to serve): its first reference is its start,
   * for readiness and the startup probe.
   */
  private void referenceMade(RootConfig cfg) {
    if (!started && cfg.protocols().isEmpty() && cfg.services().isEmpty() && registered.isEmpty()) {
      consumerStarted = true;
    }
  }

  /**
   * A typed proxy of the plain Java interface {@code iface} (no .proto) over the channel of the
   * reference {@code referenceId} ({@link #channel(String)}: its url or registries, cluster,
   * timeout, token and filters). Arguments go in the first installed serialization the
   * reference's {@code serialization} lists (default hessian2, then fastjson2, as in Dubbo);
   * answers are read under the configuration's deserialization guard
   * ({@code dubbo.application.serialize_*}). Calls go to the reference's {@code interface} name.
   * Made on first use and shared, like the channel.
   *
   * @throws IllegalArgumentException if there is no such reference or {@code iface} is not an
   *     interface
   * @throws ConfigException if the configuration is invalid, or the reference's serializations
   *     name an unknown one or none that is installed
   * @throws IllegalStateException as {@link #channel(String)}
   */
  public synchronized <T> T reference(String referenceId, Class<T> iface) {
    RootConfig cfg = config();
    activate(cfg);
    T proxy = pojoReferences.get(cfg, referenceId, iface, () -> references.get(cfg, referenceId));
    referenceMade(cfg);
    return proxy;
  }

  /** The running servers, in start order. */
  public List<TripleServer> servers() {
    return servers.servers();
  }

  /** The URLs of the services being served, as logged at start. */
  public List<String> urls() {
    return servers.urls();
  }

  /**
   * Blocks until the servers shut down. Installs a shutdown hook, so Ctrl-C or SIGTERM shuts down
   * gracefully (calls in flight finish).
   */
  public void blockUntilShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "triple-shutdown"));
    servers.blockUntilShutdown();
  }

  /**
   * Graceful shutdown: reports NOT_SERVING (with the built-in health service) and unregisters
   * from registries first (so consumers stop choosing this process), closes reference channels,
   * then lets every server drain.
   */
  public synchronized void shutdown() {
    leaveRegistries();
    servers.shutdown();
    closeExtensions();
  }

  public synchronized void shutdownNow() {
    leaveRegistries();
    servers.shutdownNow();
    closeExtensions();
  }

  /** The management ports first: their routes use what the extensions hold. */
  private synchronized void closeExtensions() {
    if (management != null) {
      management.close();
      management = null;
    }
    extensions.close();
  }

  /** Tells whoever chooses this process to stop: health watchers first, then registries. */
  private void leaveRegistries() {
    stopping = true;
    if (health != null) {
      health.enterTerminalState();
    }
    if (unregistered) {
      return;
    }
    unregistered = true;
    publisher.unregisterAll();
    references.shutdown();
    // After the reference channels, which listen to the registries through these clients.
    registries.close();
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return servers.awaitTermination(timeout);
  }

  @Override
  public void close() {
    synchronized (this) {
      leaveRegistries();
    }
    servers.close();
    closeExtensions();
  }
}
