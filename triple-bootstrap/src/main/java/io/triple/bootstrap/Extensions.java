package io.triple.bootstrap;

import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.bootstrap.spi.ManagementRoute;
import io.triple.config.RootConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DubboExtension}s of one {@code Dubbo}: those given in code and those on the class
 * path, activated once with the configuration, closed at shutdown.
 */
final class Extensions {
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final List<DubboExtension> given = new ArrayList<>();
  private List<DubboExtension.Active> active;
  private final List<ServerInterceptor> serverInterceptors = new ArrayList<>();
  private final List<ClientInterceptor> clientInterceptors = new ArrayList<>();
  private final List<ManagementRoute> routes = new ArrayList<>();
  private final List<io.triple.ConnectionListener> connectionListeners = new ArrayList<>();
  private final List<io.triple.ConnectionListener> clientConnectionListeners = new ArrayList<>();

  synchronized void add(DubboExtension extension) {
    if (active != null) {
      throw new IllegalStateException("Extensions are activated already: add them before start() or channel()");
    }
    given.add(extension);
  }

  /** Activates them all (once); should one fail, those already running are closed. */
  synchronized void activate(RootConfig cfg, io.triple.bootstrap.spi.ApplicationView view) {
    if (active != null) {
      return;
    }
    Map<String, DubboExtension> byName = new LinkedHashMap<>();
    given.forEach(e -> byName.put(e.name(), e));
    for (DubboExtension e : ServiceLoader.load(DubboExtension.class)) {
      byName.putIfAbsent(e.name(), e);
    }
    List<DubboExtension.Active> started = new ArrayList<>();
    try {
      for (DubboExtension e : byName.values()) {
        DubboExtension.Active a = e.activate(cfg, view);
        if (a != null) {
          started.add(a);
          serverInterceptors.addAll(a.serverInterceptors());
          clientInterceptors.addAll(a.clientInterceptors());
          routes.addAll(a.managementRoutes());
          connectionListeners.addAll(a.connectionListeners());
          clientConnectionListeners.addAll(a.clientConnectionListeners());
        }
      }
    } catch (RuntimeException | Error e) {
      started.forEach(Extensions::closeQuietly);
      serverInterceptors.clear();
      clientInterceptors.clear();
      routes.clear();
      connectionListeners.clear();
      clientConnectionListeners.clear();
      throw e;
    }
    active = started;
  }

  /** One listener for the running extensions' connection listeners, or null when they have none. */
  synchronized io.triple.ConnectionListener connectionListener() {
    return ConnectionListeners.of(connectionListeners);
  }

  /** As {@link #connectionListener()}, for the references' provider channels. */
  synchronized io.triple.ConnectionListener clientConnectionListener() {
    return ConnectionListeners.of(clientConnectionListeners);
  }

  synchronized List<ServerInterceptor> serverInterceptors() {
    return List.copyOf(serverInterceptors);
  }

  /** The paths the running extensions serve on management ports. */
  synchronized List<ManagementRoute> managementRoutes() {
    return List.copyOf(routes);
  }

  synchronized List<ClientInterceptor> clientInterceptors() {
    return List.copyOf(clientInterceptors);
  }

  /** Tells the running ones that start() has exported and registered every service. */
  synchronized void started() {
    if (active == null) {
      return;
    }
    for (DubboExtension.Active a : active) {
      try {
        a.started();
      } catch (RuntimeException e) {
        log.warn("Extension {} failed after start", a, e);
      }
    }
  }

  /** Closes the running ones; they stay closed (a Dubbo is not restarted). */
  synchronized void close() {
    if (active != null) {
      active.forEach(Extensions::closeQuietly);
      active = List.of();
    }
  }

  private static void closeQuietly(DubboExtension.Active a) {
    try {
      a.close();
    } catch (RuntimeException e) {
      log.warn("Closing {} failed", a, e);
    }
  }
}
