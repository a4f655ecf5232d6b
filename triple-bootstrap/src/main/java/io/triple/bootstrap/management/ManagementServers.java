package io.triple.bootstrap.management;

import io.triple.bootstrap.spi.ManagementRoute;
import io.triple.config.ConfigException;
import io.triple.config.QosConfig;
import io.triple.config.RootConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management ports of one {@code Dubbo}: the endpoint of {@code dubbo.application.qos_*}
 * (Dubbo's QoS commands) when enabled, and the extensions' routes; one HTTP server per port, so a
 * route on the QoS port (Dubbo 3 serves {@code /metrics} there) shares its server and its access
 * rules. Nothing is opened when QoS is off and no extension has a route.
 */
public final class ManagementServers implements AutoCloseable {
  // Dubbo's logger: users see and configure these lines under io.triple.bootstrap.Dubbo.
  private static final Logger log = LoggerFactory.getLogger("io.triple.bootstrap.Dubbo");

  /** The key of the management endpoint's port, which extensions' routes name to follow it. */
  public static final String QOS_PORT_KEY = "dubbo.application.qos_port";

  private final List<ManagementServer> servers;

  private ManagementServers(List<ManagementServer> servers) {
    this.servers = servers;
  }

  /**
   * Starts the servers.
   *
   * @throws ConfigException if a port with an extension's route cannot be bound (naming the
   *     route's key), or the QoS port cannot be bound and {@code qos_check} is true; with
   *     {@code qos_check} false, as in Dubbo, a QoS port that cannot be bound is only logged
   */
  public static ManagementServers start(RootConfig cfg, List<ManagementRoute> routes, ManagedApplication app) {
    QosConfig qos = cfg.qos();
    Map<Integer, List<ManagementRoute>> byPort = new LinkedHashMap<>();
    if (qos.enable()) {
      byPort.put(qos.port(), new ArrayList<>());
    }
    routes.forEach(r -> byPort.computeIfAbsent(r.port(), p -> new ArrayList<>()).add(r));
    List<ManagementServer> started = new ArrayList<>();
    try {
      for (Map.Entry<Integer, List<ManagementRoute>> e : byPort.entrySet()) {
        boolean withQos = qos.enable() && e.getKey() == qos.port();
        ManagementServer s = startOne(cfg, e.getKey(), e.getValue(), withQos ? app : null);
        if (s != null) {
          started.add(s);
        }
      }
    } catch (RuntimeException ex) {
      started.forEach(ManagementServer::close);
      throw ex;
    }
    return new ManagementServers(started);
  }

  private static ManagementServer startOne(RootConfig cfg, int port, List<ManagementRoute> routes,
      ManagedApplication app) {
    QosConfig qos = cfg.qos();
    Map<String, ManagementServer.Route> table = new LinkedHashMap<>();
    if (app != null) {
      QosCommands commands = new QosCommands(app);
      for (String name : QosCommands.ALL) {
        table.put("/" + name, new ManagementServer.Route(new CommandHandler(commands, name),
            QosCommands.PUBLIC.contains(name)));
      }
      StatusPage page = new StatusPage(app);
      table.put("/", new ManagementServer.Route(page::html, false));
      table.put(StatusPage.PATH, new ManagementServer.Route(page::html, false));
      table.put(StatusPage.JSON_PATH, new ManagementServer.Route(page::json, false));
    }
    for (ManagementRoute r : routes) {
      if (table.containsKey(r.path())) {
        throw new ConfigException(cfg.source(), r.portKey(), "path " + r.path() + " is served twice on port " + port);
      }
      // Beside the QoS commands a route follows their access rules (Dubbo's PROTECTED, as its
      // /metrics command); on a port of its own, its host decides who reaches it.
      table.put(r.path(), new ManagementServer.Route(r.handler(), app == null));
    }
    String host = app != null ? qos.host() : routes.get(0).host();
    ForeignAccess access;
    try {
      access = new ForeignAccess(qos.acceptForeignIp(), qos.acceptForeignIpWhitelist());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(cfg.source(), "dubbo.application.qos_accept_foreign_ip_whitelist", e.getMessage());
    }
    ManagementServer server;
    try {
      server = ManagementServer.start(host, port, table, access);
    } catch (IOException e) {
      String where = (host.isEmpty() ? "*" : host) + ":" + port;
      // Fatal when asked (qos_check) or when a route chose this port by a key of its own (metrics_port);
      // routes that only follow the QoS port (the status page's data) share its fate.
      ManagementRoute own = routes.stream().filter(r -> !r.portKey().equals(QOS_PORT_KEY)).findFirst().orElse(null);
      if (own != null || qos.check()) {
        String key = own != null ? own.portKey() : cfg.keyPath(QOS_PORT_KEY);
        throw new ConfigException(cfg.source(), key, "cannot serve " + table.keySet() + " on " + where + " ("
            + e.getMessage() + "); is another process using the port? Choose another one with " + key, e);
      }
      log.warn("qos: cannot listen on {} ({}); the management endpoint is off. Choose another port with "
          + "dubbo.application.qos_port, or set qos_check: true to fail start-up instead", where, e.getMessage());
      return null;
    }
    if (app != null) {
      log.info("qos: {}/ ({})", server.url(), String.join(", ", QosCommands.ALL));
    }
    for (ManagementRoute r : routes) {
      log.info("{}: {}{}", r.path().substring(1), server.url(), r.path());
    }
    return server;
  }

  /** The ports listened on (for tests and logs). */
  public List<Integer> ports() {
    return servers.stream().map(ManagementServer::port).toList();
  }

  @Override
  public void close() {
    servers.forEach(ManagementServer::close);
  }
}
