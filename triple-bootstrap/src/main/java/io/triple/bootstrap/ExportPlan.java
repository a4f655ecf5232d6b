package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which registered services each protocol id serves, checked against the configuration.
 *
 * @param byProtocol the services to serve by protocol id under {@code dubbo.protocols}, in the
 *     order of the configuration's services, then of registration
 */
record ExportPlan(Map<String, List<Export>> byProtocol) {
  // Dubbo's logger: users see and configure these lines under io.triple.bootstrap.Dubbo.
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  /** A service to serve: its definition (with configured version/group) and its entry, if any. */
  record Export(ServiceDefinition def, String id, ServiceConfig config) {}

  /** The plan without services made from {@code ref}s. */
  static ExportPlan of(RootConfig cfg, Map<String, ServiceDefinition> registered, InterceptorChains interceptors) {
    return of(cfg, registered, Map.of(), interceptors);
  }

  /**
   * The plan for {@code registered} (by service name) under {@code cfg}: each configured service
   * with its version, group and interceptors, then the registered services no entry names.
   *
   * @param fromRefs the services made from entries' {@code ref}, by service id: used by an entry
   *     whose interface has no registered implementation
   * @throws ConfigException if an entry names no registered interface and has no ref, or needs a
   *     protocol id it does not give, or a filter cannot be made
   */
  static ExportPlan of(RootConfig cfg, Map<String, ServiceDefinition> registered,
      Map<String, ServiceDefinition> fromRefs, InterceptorChains interceptors) {
    Map<String, List<Export>> byProtocol = new LinkedHashMap<>();
    List<String> served = new ArrayList<>();
    for (Map.Entry<String, ServiceConfig> e : cfg.services().entrySet()) {
      ServiceConfig sc = e.getValue();
      ServiceDefinition def = registered.getOrDefault(sc.interfaceName(), fromRefs.get(e.getKey()));
      if (def == null) {
        throw new ConfigException(
            cfg.source(),
            "dubbo.provider.services." + e.getKey() + ".interface",
            "interface " + sc.interfaceName() + " has no registered implementation (registered: "
                + registered.keySet() + "); call Dubbo.register(XxxTriple.bindService(impl)) or, for a plain"
                + " Java interface, Dubbo.register(Xxx.class, impl), or name the implementation class under"
                + " dubbo.provider.services." + e.getKey() + ".ref");
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
      configured = configured.withInterceptors(interceptors.forService(cfg, e.getKey(), sc, def.serviceName()));
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
        ServiceDefinition withProviderDefaults =
            def.withInterceptors(interceptors.forService(cfg, null, null, def.serviceName()));
        byProtocol.computeIfAbsent(id, k -> new ArrayList<>()).add(new Export(withProviderDefaults, null, null));
      } else {
        log.warn("Service {} is registered but not listed under dubbo.provider.services in {}; not served",
            def.serviceName(), cfg.source());
      }
    }
    return new ExportPlan(byProtocol);
  }

  /**
   * The error for a start with nothing to serve, naming the file and the key to set: no protocol
   * for the registered services, no service at all, or registered services that no entry of
   * several protocols lists.
   */
  static ConfigException nothingToServe(RootConfig cfg, java.util.Collection<String> registered) {
    if (!registered.isEmpty() && cfg.protocols().isEmpty()) {
      return new ConfigException(cfg.source(), "dubbo.protocols", "nothing to serve: no protocol is declared "
          + "for the registered services " + registered + "; declare one, e.g. dubbo.protocol.name: tri and "
          + "dubbo.protocol.port: 50051 (Dubbo's keys) or dubbo.protocols.triple.port: 50051");
    }
    if (registered.isEmpty()) {
      return new ConfigException(cfg.source(), "dubbo.provider.services", "nothing to serve: no service is "
          + "registered (Dubbo.register) and none is listed here with a ref; an application that only calls "
          + "others needs no start()");
    }
    return new ConfigException(cfg.source(), "dubbo.provider.services", "nothing to serve: the registered "
        + "services " + registered + " are not listed here, and with " + cfg.protocols().size()
        + " protocols declared " + cfg.protocols().keySet() + " each must be listed with its protocol");
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
}
