package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class Dubbo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final Map<String, ServiceDefinition> registered = new LinkedHashMap<>();
  private RootConfig config;
  private Executor executor;
  private final List<TripleServer> servers = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();
  private boolean started;

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
    RootConfig cfg = config != null ? config : new ConfigLoader().load();
    Map<String, List<ServiceDefinition>> byProtocol = plan(cfg);
    try {
      for (Map.Entry<String, List<ServiceDefinition>> e : byProtocol.entrySet()) {
        ProtocolConfig protocol = cfg.protocols().get(e.getKey());
        TripleServer.Builder b = TripleServer.builder().host(protocol.ip()).port(protocol.port());
        if (executor != null) {
          b.executor(executor);
        }
        e.getValue().forEach(b::addService);
        TripleServer server = b.build().start();
        servers.add(server);
        for (ServiceDefinition def : e.getValue()) {
          String url = "triple://" + protocol.ip() + ":" + server.port() + "/" + def.serviceName();
          urls.add(url);
          log.info("url: {}", url);
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

  /** Which registered services each protocol id serves, checked against the configuration. */
  private Map<String, List<ServiceDefinition>> plan(RootConfig cfg) {
    Map<String, List<ServiceDefinition>> byProtocol = new LinkedHashMap<>();
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
      byProtocol.computeIfAbsent(protocolId, k -> new ArrayList<>()).add(configured);
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
        byProtocol.computeIfAbsent(id, k -> new ArrayList<>()).add(def);
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

  /** Graceful shutdown of every server. */
  public synchronized void shutdown() {
    servers.forEach(TripleServer::shutdown);
  }

  public synchronized void shutdownNow() {
    servers.forEach(TripleServer::shutdownNow);
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
    servers.forEach(TripleServer::close);
  }
}
