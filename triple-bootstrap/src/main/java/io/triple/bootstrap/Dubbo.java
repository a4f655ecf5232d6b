package io.triple.bootstrap;

import io.triple.ManagedChannel;
import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ProtocolConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.LocalAddress;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.RegistryException;
import io.triple.registry.ServiceUrl;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * interface; registered services that no entry names are served too when exactly one protocol is
 * configured (logged), so a minimal file with only {@code protocols} works.
 *
 * <p>With registries configured ({@code dubbo.registries}), each configured service is registered
 * in its registries once its server is up, in Apache Dubbo's layout so Dubbo consumers find it,
 * and unregistered first thing on shutdown (before calls in flight drain). Consumers get channels
 * to configured references with {@link #channel(String)}. Registry implementations are found on
 * the class path: add {@code io.triple:triple-registry-zookeeper} for ZooKeeper.
 */
public final class Dubbo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final Map<String, ServiceDefinition> registered = new LinkedHashMap<>();
  private RootConfig config;
  private Executor executor;
  private final List<TripleServer> servers = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();
  private final Map<String, Registry> registries = new LinkedHashMap<>();
  private final List<Map.Entry<Registry, ServiceUrl>> registrations = new ArrayList<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private boolean started;
  private boolean unregistered;

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
  public Dubbo register(ServiceDefinition service) {
    if (registered.putIfAbsent(service.serviceName(), service) != null) {
      throw new IllegalArgumentException("Service " + service.serviceName() + " registered twice");
    }
    return this;
  }

  /** The executor service handlers run on (default: virtual threads on JDK 21+, else a pool). */
  public Dubbo executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /**
   * Loads the configuration if none was given, then starts one server per protocol in use.
   *
   * @throws ConfigException if the configuration is missing or invalid, naming file and key
   * @throws java.io.UncheckedIOException if a port cannot be bound
   */
  public synchronized Dubbo start() {
    if (started) {
      throw new IllegalStateException("Already started");
    }
    started = true;
    RootConfig cfg = config();
    Map<String, List<Export>> byProtocol = plan(cfg);
    try {
      for (Map.Entry<String, List<Export>> e : byProtocol.entrySet()) {
        ProtocolConfig protocol = cfg.protocols().get(e.getKey());
        TripleServer.Builder b = TripleServer.builder().host(protocol.ip()).port(protocol.port());
        if (executor != null) {
          b.executor(executor);
        }
        e.getValue().forEach(x -> b.addService(x.def()));
        TripleServer server = b.build().start();
        servers.add(server);
        for (Export x : e.getValue()) {
          String url = "triple://" + protocol.ip() + ":" + server.port() + "/" + x.def().serviceName();
          urls.add(url);
          log.info("url: {}", url);
        }
        for (Export x : e.getValue()) {
          if (x.config() != null) {
            registerService(cfg, x, protocol, server.port());
          }
        }
      }
    } catch (RuntimeException e) {
      shutdownNow();
      throw e;
    }
    if (servers.isEmpty()) {
      log.warn("No services to serve: register implementations and list them under dubbo.provider.services");
    }
    return this;
  }

  /** A service to serve: its definition (with configured version/group) and its entry, if any. */
  private record Export(ServiceDefinition def, String id, ServiceConfig config) {}

  /** The configuration: as given, else loaded (once) from dubbo.yaml. */
  private synchronized RootConfig config() {
    if (config == null) {
      config = new ConfigLoader().load();
    }
    return config;
  }

  /** Registers one exported service in each of its registries. */
  private void registerService(RootConfig cfg, Export x, ProtocolConfig protocol, int port) {
    ServiceConfig sc = x.config();
    if (sc.registryIds().isEmpty()) {
      return;
    }
    String host = LocalAddress.forRegistry(protocol.host(), protocol.ip());
    String scheme = protocol.name().equals("grpc") ? "grpc" : "tri"; // Dubbo Java's name for Triple
    TreeSet<String> methods = new TreeSet<>();
    for (ServerMethodDefinition<?, ?> m : x.def().methods()) {
      methods.add(m.method().methodName());
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("anyhost", "false");
    p.put(ServiceUrl.APPLICATION, cfg.application());
    p.put("deprecated", "false");
    p.put("dubbo", "2.0.2");
    p.put("dynamic", "true");
    p.put("generic", "false");
    p.put(ServiceUrl.GROUP, x.def().group());
    p.put(ServiceUrl.INTERFACE, x.def().serviceName());
    p.put(ServiceUrl.METHODS, String.join(",", methods));
    p.put("pid", Long.toString(ProcessHandle.current().pid()));
    p.put("protocol", scheme);
    p.put("release", "triple-java");
    p.put(ServiceUrl.SIDE, "provider");
    p.put(ServiceUrl.TIMESTAMP, Long.toString(System.currentTimeMillis()));
    p.put(ServiceUrl.VERSION, x.def().version());
    p.put(ServiceUrl.WEIGHT, Integer.toString(sc.weight()));
    if (!sc.tag().isEmpty()) {
      p.put("dubbo.tag", sc.tag());
    }
    ServiceUrl url = ServiceUrl.of(scheme, host, port, x.def().serviceName()).withParameters(p);
    for (String registryId : sc.registryIds()) {
      Registry registry = registry(cfg, registryId);
      registrations.add(Map.entry(registry, url));
      try {
        registry.register(url);
      } catch (RegistryException e) {
        log.error("{}", e.getMessage()); // kept: registered when the registry is reachable
      }
    }
  }

  /** The registry client for an id under dubbo.registries, created once and shared. */
  private synchronized Registry registry(RootConfig cfg, String id) {
    Registry r = registries.get(id);
    if (r != null) {
      return r;
    }
    RegistryConfig rc = cfg.registries().get(id);
    if (rc == null) {
      throw new ConfigException(cfg.source(), "dubbo.registries." + id, "not declared");
    }
    ServiceUrl url;
    try {
      url = Registries.parseAddress(rc.address(), rc.protocol(), rc.timeout());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(cfg.source(), "dubbo.registries." + id + ".address", e.getMessage());
    }
    if (Registries.factory(url.protocol()) == null) {
      throw new ConfigException(cfg.source(), "dubbo.registries." + id + ".protocol",
          "no '" + url.protocol() + "' registry implementation on the class path; add the dependency "
              + "io.triple:triple-registry-" + url.protocol());
    }
    r = Registries.create(url);
    registries.put(id, r);
    return r;
  }

  /**
   * A channel for the reference {@code referenceId} under {@code dubbo.consumer.references}:
   * to its {@code url} (several separated by ';' or ','), or to the providers its registries list,
   * with its loadbalance, cluster, retries, timeout, version and group. Created on first use and
   * shared; closed by {@link #close()}. Does not need {@link #start()} (a consumer-only
   * application has nothing to serve).
   *
   * @throws IllegalArgumentException if there is no such reference
   * @throws ConfigException if the configuration is invalid or names an unusable registry
   */
  public synchronized ManagedChannel channel(String referenceId) {
    ManagedChannel existing = channels.get(referenceId);
    if (existing != null) {
      return existing;
    }
    RootConfig cfg = config();
    ReferenceConfig rc = cfg.references().get(referenceId);
    if (rc == null) {
      throw new IllegalArgumentException("No reference '" + referenceId + "' under dubbo.consumer.references in "
          + cfg.source() + " (declared: " + cfg.references().keySet() + ")");
    }
    ClusterChannel.Builder b = ClusterChannel.builder(rc.interfaceName())
        .version(rc.version())
        .group(rc.group())
        .application(cfg.application())
        .loadBalance(rc.loadbalance())
        .cluster(rc.cluster())
        .retries(rc.retries())
        .timeout(rc.timeout());
    if (!rc.url().isEmpty()) {
      b.urls(List.of(rc.url().split("[;,]")));
    } else {
      for (String id : rc.registryIds()) {
        b.registry(registry(cfg, id), false);
      }
    }
    ManagedChannel ch = b.build();
    channels.put(referenceId, ch);
    return ch;
  }

  /** Which registered services each protocol id serves, checked against the configuration. */
  private Map<String, List<Export>> plan(RootConfig cfg) {
    Map<String, List<Export>> byProtocol = new LinkedHashMap<>();
    List<String> served = new ArrayList<>();
    for (Map.Entry<String, ServiceConfig> e : cfg.services().entrySet()) {
      ServiceConfig sc = e.getValue();
      ServiceDefinition def = registered.get(sc.interfaceName());
      if (def == null) {
        throw new ConfigException(
            cfg.source(),
            "dubbo.provider.services." + e.getKey() + ".interface",
            "interface " + sc.interfaceName() + " has no registered implementation (registered: "
                + registered.keySet() + "); call Dubbo.register(XxxTriple.bindService(impl))");
      }
      String protocolId = sc.protocol().isEmpty() ? onlyProtocol(cfg, e.getKey()) : sc.protocol();
      // The configured version and group select this registration (tri-service-version/-group);
      // one implementation may be listed several times to serve several versions or groups.
      ServiceDefinition configured = def;
      if (!sc.version().isEmpty()) {
        configured = configured.withVersion(sc.version());
      }
      if (!sc.group().isEmpty()) {
        configured = configured.withGroup(sc.group());
      }
      byProtocol.computeIfAbsent(protocolId, k -> new ArrayList<>()).add(new Export(configured, e.getKey(), sc));
      served.add(def.serviceName());
    }
    for (ServiceDefinition def : registered.values()) {
      if (served.contains(def.serviceName())) {
        continue;
      }
      if (cfg.protocols().size() == 1) {
        String id = cfg.protocols().keySet().iterator().next();
        log.info("Service {} is not listed under dubbo.provider.services; serving it on protocol '{}'",
            def.serviceName(), id);
        byProtocol.computeIfAbsent(id, k -> new ArrayList<>()).add(new Export(def, null, null));
      } else {
        log.warn("Service {} is registered but not listed under dubbo.provider.services in {}; not served",
            def.serviceName(), cfg.source());
      }
    }
    return byProtocol;
  }

  private static String onlyProtocol(RootConfig cfg, String serviceId) {
    if (cfg.protocols().size() != 1) {
      throw new ConfigException(
          cfg.source(),
          "dubbo.provider.services." + serviceId + ".protocol",
          "no protocol given and " + cfg.protocols().size() + " protocols are declared "
              + cfg.protocols().keySet() + "; name one");
    }
    return cfg.protocols().keySet().iterator().next();
  }

  /** The running servers, in start order. */
  public List<TripleServer> servers() {
    return Collections.unmodifiableList(servers);
  }

  /** The URLs of the services being served, as logged at start. */
  public List<String> urls() {
    return Collections.unmodifiableList(urls);
  }

  /**
   * Blocks until the servers shut down. Installs a shutdown hook, so Ctrl-C or SIGTERM shuts down
   * gracefully (calls in flight finish).
   */
  public void blockUntilShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "triple-shutdown"));
    for (TripleServer s : servers) {
      s.blockUntilShutdown();
    }
  }

  /**
   * Graceful shutdown: unregisters from registries first (so consumers stop choosing this
   * process), closes reference channels, then lets every server drain.
   */
  public synchronized void shutdown() {
    leaveRegistries();
    servers.forEach(TripleServer::shutdown);
  }

  public synchronized void shutdownNow() {
    leaveRegistries();
    servers.forEach(TripleServer::shutdownNow);
  }

  private void leaveRegistries() {
    if (unregistered) {
      return;
    }
    unregistered = true;
    for (Map.Entry<Registry, ServiceUrl> e : registrations) {
      try {
        e.getKey().unregister(e.getValue());
      } catch (RuntimeException ex) {
        log.warn("Failed to unregister {}: {}", e.getValue(), ex.toString());
      }
    }
    channels.values().forEach(ManagedChannel::shutdown);
    registries.values().forEach(Registry::close);
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (TripleServer s : servers) {
      if (!s.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    synchronized (this) {
      leaveRegistries();
    }
    servers.forEach(TripleServer::close);
  }
}
