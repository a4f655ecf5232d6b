package io.triple.bootstrap;

import io.triple.ServerMethodDefinition;
import io.triple.bootstrap.ExportPlan.Export;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.LocalAddress;
import io.triple.registry.Registry;
import io.triple.registry.RegistryException;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers exported services in their registries, in Apache Dubbo's layout so Dubbo consumers
 * find them, and unregisters them again.
 */
final class RegistryPublisher {
  // Dubbo's logger: users see and configure these lines under io.triple.bootstrap.Dubbo.
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);

  private final RegistryClients registries;
  private final List<Map.Entry<Registry, ServiceUrl>> registrations = new ArrayList<>();
  private InstancePublisher instances;

  RegistryPublisher(RegistryClients registries) {
    this.registries = registries;
  }

  /**
   * Registers {@code exports}, now served by {@code protocol} on {@code port}: each in the
   * registries its entry names (by default all), and a service without an entry (registered in
   * code, as Dubbo's {@code @DubboService}) in all, as Dubbo does.
   */
  void register(RootConfig cfg, ProtocolConfig protocol, int port, List<Export> exports) {
    boolean instanceLevel = false;
    for (Export x : exports) {
      List<String> registryIds = registryIds(cfg, x);
      if (!registryIds.isEmpty()) {
        instanceLevel |= register(cfg, registryIds, providerUrl(cfg, x, protocol, port));
      }
    }
    if (instanceLevel) {
      instances(cfg).publish();
    }
  }

  /** The registries {@code x} is registered in: its entry's, else (registered in code) all. */
  private static List<String> registryIds(RootConfig cfg, Export x) {
    return x.config() != null ? x.config().registryIds() : List.copyOf(cfg.registries().keySet());
  }

  /**
   * Registers one exported service in each of its registries, as their register mode says;
   * true if any of them registers at application level.
   */
  private boolean register(RootConfig cfg, List<String> registryIds, ServiceUrl url) {
    boolean instanceLevel = false;
    for (String registryId : registryIds) {
      Registry registry = registries.get(cfg, registryId);
      String mode = registerMode(registry);
      if (!mode.equals(INTERFACE) && registry.serviceDiscovery() != null && !cfg.application().isEmpty()) {
        instances(cfg).add(registry, url);
        if (cfg.metadataType().equals("remote") && cfg.metadataReportAddress().isEmpty()) {
          instances(cfg).addMetadataReport(registry); // Dubbo: the registry serves as metadata report
        }
        instanceLevel = true;
      } else if (mode.equals(INSTANCE)) {
        log.warn("Registry {} cannot register at application level{}; registering {} at interface level",
            registry.url().address(), cfg.application().isEmpty() ? " without dubbo.application.name" : "",
            url.serviceInterface());
        mode = INTERFACE;
      }
      if (mode.equals(INSTANCE)) {
        continue;
      }
      registrations.add(Map.entry(registry, url));
      try {
        registry.register(url);
      } catch (RegistryException e) {
        log.error("{}", e.getMessage()); // kept: registered when the registry is reachable
      }
    }
    return instanceLevel;
  }

  static final String INTERFACE = "interface";
  static final String INSTANCE = "instance";
  static final String ALL = "all";

  /**
   * A registry's register mode, as Dubbo's {@code register-mode}: {@code interface} (the
   * {@code /dubbo/{interface}/providers} URLs), {@code instance} (application-level:
   * {@code /services/{app}} and the mapping) or {@code all} (both, Dubbo 3's default).
   */
  static String registerMode(Registry registry) {
    String mode = registry.url().parameter("register-mode", ALL).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (mode) {
      case INTERFACE, INSTANCE, ALL -> mode;
      default -> throw new IllegalArgumentException("Unknown register-mode '" + mode + "' of registry "
          + registry.url().address() + " (expected interface, instance or all)");
    };
  }

  private synchronized InstancePublisher instances(RootConfig cfg) {
    if (instances == null) {
      instances = new InstancePublisher(cfg.application(), cfg.metadataType().equals("remote"));
      Registry report = registries.metadataReport(cfg);
      if (report != null) {
        instances.addMetadataReport(report);
      }
    }
    return instances;
  }

  /**
   * The metadata service to serve on every protocol (Dubbo's MetadataServiceV2, group = the
   * application), or null when none of {@code exports} registers at application level.
   */
  io.triple.ServiceDefinition metadataService(RootConfig cfg, List<Export> exports) {
    if (cfg.application().isEmpty()) {
      return null;
    }
    for (Export x : exports) {
      for (String registryId : registryIds(cfg, x)) {
        Registry registry = registries.get(cfg, registryId);
        if (!registerMode(registry).equals(INTERFACE) && registry.serviceDiscovery() != null) {
          return instances(cfg).metadataService();
        }
      }
    }
    return null;
  }

  /** The URL a Dubbo provider would register for {@code x}: reachable host, Dubbo Java's parameters. */
  static ServiceUrl providerUrl(RootConfig cfg, Export x, ProtocolConfig protocol, int port) {
    ServiceConfig sc = x.config();
    String host = LocalAddress.forRegistry(protocol.host(), protocol.ip());
    String scheme = protocol.name().equals("grpc") ? "grpc" : "tri"; // Dubbo Java's name for Triple
    TreeSet<String> methods = new TreeSet<>();
    for (ServerMethodDefinition<?, ?> m : x.def().methods()) {
      // $invoke, $invokeAsync and $echo (interface services' generic calls) are Dubbo's built-ins
      // that every provider answers; Dubbo's providers do not list them either.
      if (!m.method().methodName().startsWith("$")) {
        methods.add(m.method().methodName());
      }
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("anyhost", "false");
    p.put(ServiceUrl.APPLICATION, cfg.application());
    p.put("deprecated", "false");
    p.put("dubbo", "2.0.2");
    p.put("dynamic", "true");
    p.put("generic", "false");
    // group and version only when set, as Dubbo Java writes them: Dubbo's consumers compare a
    // provider's group to their own with null-sensitive equality, so "group=" (empty) never
    // matches a consumer without a group, and such a provider was invisible to them.
    if (!x.def().group().isEmpty()) {
      p.put(ServiceUrl.GROUP, x.def().group());
    }
    p.put(ServiceUrl.INTERFACE, x.def().serviceName());
    p.put(ServiceUrl.METHODS, String.join(",", methods));
    p.put("pid", Long.toString(ProcessHandle.current().pid()));
    // What interface (POJO) services accept, as Dubbo's providers publish it: a Dubbo consumer
    // sends the first of these it has, so a provider narrowed to hessian2 is not sent fastjson2.
    List<String> serializations = cfg.provider().serialization().isEmpty()
        ? List.copyOf(SerializationSettings.installed()) : cfg.provider().serialization();
    if (!serializations.isEmpty()) {
      p.put("prefer.serialization", String.join(",", serializations));
    }
    p.put("protocol", scheme);
    p.put("release", "triple-java");
    p.put(ServiceUrl.SIDE, "provider");
    p.put(ServiceUrl.TIMESTAMP, Long.toString(System.currentTimeMillis()));
    if (!x.def().version().isEmpty()) {
      p.put(ServiceUrl.VERSION, x.def().version());
    }
    p.put(ServiceUrl.WEIGHT, Integer.toString(sc == null ? ServiceConfig.DEFAULT_WEIGHT : sc.weight()));
    if (sc != null && !sc.tag().isEmpty()) {
      p.put("dubbo.tag", sc.tag());
    }
    return ServiceUrl.of(scheme, host, port, x.def().serviceName()).withParameters(p);
  }

  /** Unregisters everything registered; a registry that fails is logged and the others still hear. */
  void unregisterAll() {
    InstancePublisher i;
    synchronized (this) {
      i = instances;
    }
    if (i != null) {
      i.unregisterAll();
    }
    for (Map.Entry<Registry, ServiceUrl> e : registrations) {
      try {
        e.getKey().unregister(e.getValue());
      } catch (RuntimeException ex) {
        log.warn("Failed to unregister {}: {}", e.getValue(), ex.toString());
      }
    }
  }
}
