package io.triple.bootstrap;

import io.triple.config.ConfigException;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clients of the registries under {@code dubbo.registries}, one per id, shared by the
 * providers' registrations and the references' subscriptions.
 */
final class RegistryClients {
  private final Map<String, Registry> registries = new LinkedHashMap<>();
  /**
   * The dubbo.registries clients, copied on each addition: read without the lock, which is held
   * while a new client connects (up to its timeout), so a probe never waits for that.
   */
  private volatile Map<String, Registry> published = Map.of();
  /** Factories given in code, by protocol (lower case); they win over the class path's. */
  private final Map<String, RegistryFactory> given = new LinkedHashMap<>();

  synchronized void add(RegistryFactory factory) {
    given.put(factory.protocol().toLowerCase(Locale.ROOT), factory);
  }

  /** The factory for a protocol: one given in code, else the class path's, else null. */
  private RegistryFactory factory(String protocol) {
    RegistryFactory f = given.get(protocol.toLowerCase(Locale.ROOT));
    return f != null ? f : Registries.factory(protocol);
  }

  /** The registry client for an id under dubbo.registries, created once and shared. */
  synchronized Registry get(RootConfig cfg, String id) {
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
      throw new ConfigException(cfg.source(), cfg.keyPath("dubbo.registries." + id + ".address"), e.getMessage());
    }
    url = url.withParameter("register-mode", rc.registerMode());
    if (!rc.register()) {
      url = url.withParameter(RegistryPublisher.REGISTER, "false");
    }
    RegistryFactory factory = factory(url.protocol());
    if (factory == null) {
      throw new ConfigException(cfg.source(), cfg.keyPath("dubbo.registries." + id + ".protocol"),
          "no '" + url.protocol() + "' registry implementation on the class path; add the dependency "
              + "io.triple:triple-registry-" + url.protocol());
    }
    r = factory.create(url);
    registries.put(id, r);
    Map<String, Registry> copy = new LinkedHashMap<>(published);
    copy.put(id, r);
    published = java.util.Collections.unmodifiableMap(copy);
    return r;
  }

  /**
   * The client of {@code dubbo.metadata_report.address} (created once), or null when not set.
   * Only its metadata report is used.
   */
  synchronized Registry metadataReport(RootConfig cfg) {
    String address = cfg.metadataReportAddress();
    if (address.isEmpty()) {
      return null;
    }
    String key = "\0metadata-report";
    Registry r = registries.get(key);
    if (r == null) {
      ServiceUrl url;
      try {
        url = Registries.parseAddress(address, "zookeeper", null);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(cfg.source(), "dubbo.metadata_report.address", e.getMessage());
      }
      RegistryFactory factory = factory(url.protocol());
      if (factory == null) {
        throw new ConfigException(cfg.source(), "dubbo.metadata_report.address",
            "no '" + url.protocol() + "' implementation on the class path");
      }
      r = factory.create(url);
      registries.put(key, r);
    }
    return r;
  }

  /** The clients of dubbo.registries made so far, with their connection now (not the metadata report's). */
  List<Readiness.RegistryStatus> statuses() {
    List<Readiness.RegistryStatus> out = new ArrayList<>();
    published.forEach((id, r) -> out.add(new Readiness.RegistryStatus(id, r.url().address(), r.isAvailable())));
    return out;
  }

  /** The dubbo.registries clients made so far, by id (a snapshot, read without waiting). */
  Map<String, Registry> byId() {
    return published;
  }

  synchronized void close() {
    registries.values().forEach(Registry::close);
  }
}
