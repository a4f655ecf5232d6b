package io.triple.bootstrap;

import io.triple.config.ConfigException;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clients of the registries under {@code dubbo.registries}, one per id, shared by the
 * providers' registrations and the references' subscriptions.
 */
final class RegistryClients {
  private final Map<String, Registry> registries = new LinkedHashMap<>();

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
    if (Registries.factory(url.protocol()) == null) {
      throw new ConfigException(cfg.source(), cfg.keyPath("dubbo.registries." + id + ".protocol"),
          "no '" + url.protocol() + "' registry implementation on the class path; add the dependency "
              + "io.triple:triple-registry-" + url.protocol());
    }
    r = Registries.create(url);
    registries.put(id, r);
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
      if (Registries.factory(url.protocol()) == null) {
        throw new ConfigException(cfg.source(), "dubbo.metadata_report.address",
            "no '" + url.protocol() + "' implementation on the class path");
      }
      r = Registries.create(url);
      registries.put(key, r);
    }
    return r;
  }

  synchronized void close() {
    registries.values().forEach(Registry::close);
  }
}
