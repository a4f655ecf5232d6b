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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import io.triple.ServiceDefinition;
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
  /** Every exported service, in export order, with its registrations. */
  private final List<Published> published = new ArrayList<>();
  private InstancePublisher instances;
  /** unregisterAll() ran: online() registers nothing any more. */
  private boolean closed;
  /** Some service was exported and none is online: read by probes without the lock. */
  private volatile boolean allOffline;

  /** One exported service: whether it is online (in its registries) and where it is registered. */
  private static final class Published {
    final String serviceKey;
    final String displayKey;
    final String serviceName;
    /** Interface-level registrations: each provider URL in one registry. */
    final List<Registration> registrations = new ArrayList<>();
    /** Application-level: the registries whose instance lists this service. */
    final List<Registry> instanceRegistries = new ArrayList<>();
    ServiceUrl url;
    /** Taken out at interface level (offline, offlineInterface). */
    boolean interfaceOffline;
    /** Taken out at application level (offline, offlineApp). */
    boolean appOffline;

    Published(ServiceDefinition def) {
      this.serviceName = def.serviceName();
      this.serviceKey = serviceKey(def.serviceName(), def.group(), def.version());
      this.displayKey = def.serviceName() + ":" + def.version();
    }

    /**
     * Still in some registry, as Dubbo's readiness counts it; a service without registries is
     * online until {@code offline} takes it out at both levels.
     */
    boolean online() {
      boolean hasInterface = !registrations.isEmpty();
      boolean hasApp = !instanceRegistries.isEmpty();
      if (!hasInterface && !hasApp) {
        return !(interfaceOffline && appOffline);
      }
      return (hasInterface && !interfaceOffline) || (hasApp && !appOffline);
    }

    String status() {
      if (!online()) {
        return "offline";
      }
      if (!registrations.isEmpty() && interfaceOffline) {
        return "offline at interface level";
      }
      if (!instanceRegistries.isEmpty() && appOffline) {
        return "offline at application level";
      }
      return "online";
    }

    boolean matches(Pattern p) {
      return p.matcher(serviceKey).matches() || p.matcher(displayKey).matches()
          || p.matcher(serviceName).matches();
    }
  }

  /** A provider URL in one registry at interface level, and whether it is there now. */
  private static final class Registration {
    final Registry registry;
    final ServiceUrl url;
    boolean registered = true;

    Registration(Registry registry, ServiceUrl url) {
      this.registry = registry;
      this.url = url;
    }
  }

  /** Dubbo's service key: {@code group/interface:version}, group and version only when set. */
  static String serviceKey(String iface, String group, String version) {
    return (group.isEmpty() ? "" : group + "/") + iface + (version.isEmpty() ? "" : ":" + version);
  }

  RegistryPublisher(RegistryClients registries) {
    this.registries = registries;
  }

  /**
   * Registers {@code exports}, now served by {@code protocol} on {@code port}: each in the
   * registries its entry names (by default all), and a service without an entry (registered in
   * code, as Dubbo's {@code @DubboService}) in all, as Dubbo does.
   */
  synchronized void register(RootConfig cfg, ProtocolConfig protocol, int port, List<Export> exports) {
    boolean instanceLevel = false;
    for (Export x : exports) {
      Published p = new Published(x.def());
      published.add(p);
      List<String> registryIds = registryIds(cfg, x);
      if (!registryIds.isEmpty()) {
        p.url = providerUrl(cfg, x, protocol, port);
        instanceLevel |= register(cfg, registryIds, p);
      }
    }
    allOffline = false;
    if (instanceLevel) {
      instances(cfg).publish();
    }
  }

  /**
   * The registries {@code x} is registered in: its entry's, else (registered in code) all; none
   * when it (or, without an entry, dubbo.provider) says register: false.
   */
  private static List<String> registryIds(RootConfig cfg, Export x) {
    if (x.config() != null) {
      return Boolean.FALSE.equals(x.config().register()) ? List.of() : x.config().registryIds();
    }
    return cfg.provider().register() ? List.copyOf(cfg.registries().keySet()) : List.of();
  }

  /**
   * Registers one exported service in each of its registries, as their register mode says;
   * true if any of them registers at application level.
   */
  private boolean register(RootConfig cfg, List<String> registryIds, Published p) {
    ServiceUrl url = p.url;
    boolean instanceLevel = false;
    for (String registryId : registryIds) {
      Registry registry = registries.get(cfg, registryId);
      if (!registers(registry)) {
        continue; // subscribe-only: references still find providers there
      }
      String mode = registerMode(registry);
      if (!mode.equals(INTERFACE) && registry.serviceDiscovery() != null && !cfg.application().isEmpty()) {
        instances(cfg).add(registry, url);
        p.instanceRegistries.add(registry);
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
      p.registrations.add(new Registration(registry, url));
      try {
        registry.register(url);
      } catch (RegistryException e) {
        log.error("{}", e.getMessage()); // kept: registered when the registry is reachable
      }
    }
    return instanceLevel;
  }

  /** The registry URL parameter that, false, makes a registry subscribe-only (Dubbo's {@code register}). */
  static final String REGISTER = "register";

  /** Whether providers register in {@code registry}: not when it is subscribe-only. */
  static boolean registers(Registry registry) {
    return !"false".equalsIgnoreCase(registry.url().parameter(REGISTER, "true").trim());
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
   * The metadata services to serve on every protocol (Dubbo's MetadataServiceV2, and V1 when
   * hessian2 is installed; group = the application), empty when none of {@code exports} registers
   * at application level.
   */
  List<io.triple.ServiceDefinition> metadataService(RootConfig cfg, List<Export> exports) {
    if (cfg.application().isEmpty()) {
      return List.of();
    }
    for (Export x : exports) {
      for (String registryId : registryIds(cfg, x)) {
        Registry registry = registries.get(cfg, registryId);
        if (registers(registry) && !registerMode(registry).equals(INTERFACE) && registry.serviceDiscovery() != null) {
          return instances(cfg).metadataServices();
        }
      }
    }
    return List.of();
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
    // The timeout consumers that set none use (Dubbo's merge of a provider's URL into its
    // consumer's); a service without an entry gets dubbo.provider's.
    Duration timeout = sc != null ? sc.timeout() : cfg.provider().timeout();
    if (timeout != null) {
      p.put(ServiceUrl.TIMEOUT, Long.toString(timeout.toMillis()));
    }
    // Likewise the retries: Dubbo's failover retries a call that timed out, so a provider whose
    // calls must not run twice says retries=0 here.
    Integer retries = sc != null ? sc.retries() : cfg.provider().retries();
    if (retries != null) {
      p.put(ServiceUrl.RETRIES, Integer.toString(retries));
    }
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
  synchronized void unregisterAll() {
    closed = true;
    if (instances != null) {
      instances.unregisterAll();
    }
    for (Published p : published) {
      for (Registration r : p.registrations) {
        if (r.registered) {
          r.registered = false;
          unregister(r);
        }
      }
    }
  }

  private static void unregister(Registration r) {
    try {
      r.registry.unregister(r.url);
    } catch (RuntimeException ex) {
      log.warn("Failed to unregister {}: {}", r.url, ex.toString());
    }
  }

  /**
   * Dubbo's QoS {@code offline} ({@code online}: back in): takes the services whose key
   * ({@code group/interface:version}), {@code interface:version} or interface name matches
   * {@code pattern} (a regular expression) out of their registries at the levels asked for
   * (Dubbo's {@code offlineInterface}: interface level, {@code offlineApp}: application level,
   * {@code offline}: both), leaving them served; {@code online} puts them back, and does nothing
   * once shutdown began. Returns the names of the matching services (empty: none matched).
   */
  synchronized List<String> setOnline(Pattern pattern, boolean online, boolean interfaceLevel, boolean appLevel) {
    List<String> matched = new ArrayList<>();
    if (online && closed) {
      return matched;
    }
    boolean instanceChange = false;
    for (Published p : published) {
      if (!p.matches(pattern)) {
        continue;
      }
      matched.add(p.serviceName);
      if (interfaceLevel && p.interfaceOffline == online) {
        p.interfaceOffline = !online;
        for (Registration r : p.registrations) {
          if (online) {
            r.registered = true;
            try {
              r.registry.register(r.url);
            } catch (RegistryException e) {
              log.error("{}", e.getMessage()); // kept: registered when the registry is reachable
            }
          } else if (r.registered) {
            r.registered = false;
            unregister(r);
          }
        }
      }
      if (appLevel && p.appOffline == online) {
        p.appOffline = !online;
        if (!p.instanceRegistries.isEmpty()) {
          instances.setOnline(p.url, online);
          instanceChange = true;
        }
      }
      log.info("{}: {}", p.status(), p.serviceKey);
    }
    if (instanceChange) {
      instances.publish();
    }
    allOffline = !published.isEmpty() && published.stream().noneMatch(Published::online);
    return matched;
  }

  /** Whether services were exported and every one of them is offline (read without waiting). */
  boolean allOffline() {
    return allOffline;
  }

  /** Whether the service named {@code serviceName} has an export that is online. */
  synchronized boolean online(String serviceName) {
    return published.stream().anyMatch(p -> p.serviceName.equals(serviceName) && p.online());
  }

  /** The exported services and where they are registered, for {@code ls}. */
  synchronized List<io.triple.bootstrap.management.ServiceStatus> statuses() {
    List<io.triple.bootstrap.management.ServiceStatus> out = new ArrayList<>();
    for (Published p : published) {
      List<io.triple.bootstrap.management.ServiceStatus.Publication> where = new ArrayList<>();
      for (Registration r : p.registrations) {
        where.add(new io.triple.bootstrap.management.ServiceStatus.Publication(where(r.registry),
            io.triple.bootstrap.management.ServiceStatus.INTERFACE, r.registered));
      }
      for (Registry r : p.instanceRegistries) {
        where.add(new io.triple.bootstrap.management.ServiceStatus.Publication(where(r),
            io.triple.bootstrap.management.ServiceStatus.APPLICATION, !p.appOffline && !closed));
      }
      out.add(new io.triple.bootstrap.management.ServiceStatus(p.serviceKey, p.online(), p.status(),
          where.stream().map(io.triple.bootstrap.management.ServiceStatus.Publication::lsNotation).toList(),
          p.serviceName, where));
    }
    return out;
  }

  private static String where(Registry r) {
    return r.url().protocol() + "://" + r.url().address();
  }
}
