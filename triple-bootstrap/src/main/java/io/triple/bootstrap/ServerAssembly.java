package io.triple.bootstrap;

import io.triple.bootstrap.ExportPlan.Export;
import io.triple.config.ConfigException;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.server.TripleServer;
import io.triple.services.HealthService;
import io.triple.services.ProtoReflectionService;
import io.triple.services.health.v1.HealthTriple;
import io.triple.services.reflection.v1.ServerReflectionTriple;
import java.io.File;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The servers of an export plan, one per protocol, in start order, and the URLs they serve. */
final class ServerAssembly {
  // Dubbo's logger: users see and configure these lines (the "url: triple://..." one above all)
  // under io.triple.bootstrap.Dubbo.
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final List<TripleServer> servers = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();

  /**
   * Builds and starts the server of {@code protocol} for {@code exports}, with the built-in
   * services when {@code health} is given, and logs the URL of each export.
   *
   * @param executor where handlers run, or null for the server's default
   * @param connections told of the server's connections (the extensions' meters), or null
   */
  TripleServer start(RootConfig cfg, String protocolId, ProtocolConfig protocol, List<Export> exports,
      Executor executor, HealthService health, List<io.triple.ServiceDefinition> metadataServices,
      io.triple.ConnectionListener connections) {
    TripleServer.Builder b = TripleServer.builder().host(protocol.ip()).port(protocol.port());
    if (protocol.maxBodySize() != null) {
      b.maxInboundMessageSize(protocol.maxBodySize());
    }
    if (protocol.maxHeaderListSize() != null) {
      b.maxHeaderListSize(protocol.maxHeaderListSize());
    }
    if (protocol.maxConcurrentStreams() != null) {
      b.maxConcurrentStreams(protocol.maxConcurrentStreams());
    }
    if (protocol.initialWindowSize() != null) {
      b.initialWindowSize(protocol.initialWindowSize());
    }
    if (protocol.autoTuneWindow() != null) {
      b.autoTuneWindow(protocol.autoTuneWindow());
    }
    if (!protocol.corsAllowedOrigins().isEmpty()) {
      b.corsAllowedOrigins(protocol.corsAllowedOrigins().toArray(String[]::new));
    }
    if (cfg.ssl().serverTls()) {
      b.tls(new File(cfg.ssl().serverKeyCertChainPath()), new File(cfg.ssl().serverPrivateKeyPath()),
          SslFiles.orNull(cfg.ssl().serverTrustCertCollectionPath()));
    }
    if (executor != null) {
      b.executor(executor);
    }
    if (connections != null) {
      b.connectionListener(connections);
    }
    exports.forEach(x -> b.addService(x.def()));
    for (io.triple.ServiceDefinition metadataService : metadataServices) {
      b.addService(metadataService);
    }
    if (health != null) {
      addBuiltinServices(b, exports, health);
    }
    TripleServer server;
    try {
      server = b.build().start();
    } catch (UncheckedIOException e) {
      // The port is taken (or the address is not this host's): name the key that chose it and
      // the file, as for any other configuration error, not only the address.
      String key = cfg.keyPath("dubbo.protocols." + protocolId + ".port");
      Throwable why = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
      throw new ConfigException(cfg.source(), key, "cannot listen on " + protocol.ip() + ":" + protocol.port()
          + " (" + why.getMessage() + "); is another process using the port? Choose another one with " + key
          + " or its environment variable " + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), e);
    }
    servers.add(server);
    for (Export x : exports) {
      String url = "triple://" + protocol.ip() + ":" + server.port() + "/" + x.def().serviceName();
      urls.add(url);
      log.info("url: {}", url);
    }
    return server;
  }

  /** Health and reflection on one server, unless the application registered its own. */
  private static void addBuiltinServices(TripleServer.Builder b, List<Export> exports, HealthService health) {
    Set<String> names = new HashSet<>();
    exports.forEach(x -> names.add(x.def().serviceName()));
    if (!names.contains(HealthTriple.SERVICE_NAME)) {
      b.addService(health.bindService());
    }
    if (!names.contains(ServerReflectionTriple.SERVICE_NAME)) {
      b.addService(ProtoReflectionService.create());
    }
    if (!names.contains(ProtoReflectionService.V1_ALPHA_SERVICE)) {
      b.addService(ProtoReflectionService.createV1Alpha());
    }
  }

  /** The running servers, in start order (a view). */
  List<TripleServer> servers() {
    return Collections.unmodifiableList(servers);
  }

  /** The URLs of the services being served, as logged at start (a view). */
  List<String> urls() {
    return Collections.unmodifiableList(urls);
  }

  void blockUntilShutdown() throws InterruptedException {
    for (TripleServer s : servers) {
      s.blockUntilShutdown();
    }
  }

  void shutdown() {
    servers.forEach(TripleServer::shutdown);
  }

  void shutdownNow() {
    servers.forEach(TripleServer::shutdownNow);
  }

  void close() {
    servers.forEach(TripleServer::close);
  }

  /** Whether every server terminated within {@code timeout}, one shared deadline for all. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (TripleServer s : servers) {
      if (!s.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }
}
