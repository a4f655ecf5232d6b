package io.triple.registry.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an application instance serves, as Apache Dubbo 3's {@code MetadataInfo}: the
 * application, the revision (a digest of the rest, so equal revisions mean equal metadata and
 * consumers cache by it) and the services, keyed by {@code [group/]interface[:version]:protocol}.
 */
public record MetadataInfo(String app, String revision, Map<String, ServiceInfo> services) {
  /** Dubbo's revision of an instance that serves nothing. */
  public static final String EMPTY_REVISION = "0";

  public MetadataInfo {
    Objects.requireNonNull(app, "app");
    revision = revision == null ? "" : revision;
    services = Collections.unmodifiableMap(new TreeMap<>(services == null ? Map.of() : services));
  }

  /** Metadata of {@code app} serving {@code services}, its revision computed as Dubbo does. */
  public static MetadataInfo of(String app, Iterable<ServiceInfo> services) {
    Map<String, ServiceInfo> byKey = new TreeMap<>();
    for (ServiceInfo s : services) {
      byKey.put(s.matchKey(), s);
    }
    if (byKey.isEmpty()) {
      return new MetadataInfo(app, EMPTY_REVISION, byKey);
    }
    StringBuilder sb = new StringBuilder(app);
    for (ServiceInfo s : byKey.values()) {
      sb.append(s.matchKey()).append(s.port()).append(s.path()).append(new TreeMap<>(s.params()));
    }
    return new MetadataInfo(app, md5(sb.toString()), byKey);
  }

  private static String md5(String s) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Dubbo's JSON of a MetadataInfo (the metadata report's node {@code /dubbo/metadata/{app}/{revision}}):
   * {@code {"app":..,"revision":..,"services":{key:{"name","group","version","protocol","port","path","params"}}}}.
   */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("app", app);
    root.put("revision", revision);
    Map<String, Object> svc = new LinkedHashMap<>();
    services.forEach((k, s) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      if (!s.group().isEmpty()) {
        m.put("group", s.group());
      }
      if (!s.version().isEmpty()) {
        m.put("version", s.version());
      }
      m.put("protocol", s.protocol());
      m.put("port", s.port());
      m.put("path", s.path());
      m.put("params", new TreeMap<>(s.params()));
      svc.put(k, m);
    });
    root.put("services", svc);
    return Json.write(root);
  }

  /** Reads {@link #toJson()}'s form (as Dubbo writes it too). */
  public static MetadataInfo fromJson(String json) {
    Map<String, Object> root = Json.parseObject(json);
    Map<String, ServiceInfo> services = new TreeMap<>();
    if (root.get("services") instanceof Map<?, ?> svc) {
      for (Map.Entry<?, ?> e : svc.entrySet()) {
        if (e.getValue() instanceof Map<?, ?> m) {
          Map<String, String> params = new TreeMap<>();
          if (m.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
          }
          ServiceInfo s = new ServiceInfo(str(m.get("name")), str(m.get("group")), str(m.get("version")),
              str(m.get("protocol")), m.get("port") instanceof Number n ? n.intValue() : 0,
              str(m.get("path")), params);
          services.put(String.valueOf(e.getKey()), s);
        }
      }
    }
    return new MetadataInfo(str(root.get("app")), str(root.get("revision")), services);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  /**
   * One service of an instance, as Dubbo's {@code MetadataInfo.ServiceInfo}.
   *
   * @param name the interface
   * @param params the provider URL's parameters consumers need (methods, serialization, ...)
   */
  public record ServiceInfo(String name, String group, String version, String protocol, int port,
      String path, Map<String, String> params) {
    public ServiceInfo {
      Objects.requireNonNull(name, "name");
      group = group == null ? "" : group;
      version = version == null ? "" : version;
      protocol = protocol == null ? "" : protocol;
      path = path == null || path.isEmpty() ? name : path;
      params = Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
    }

    /** {@code [group/]interface[:version]}. */
    public String serviceKey() {
      StringBuilder sb = new StringBuilder();
      if (!group.isEmpty()) {
        sb.append(group).append('/');
      }
      sb.append(name);
      if (!version.isEmpty()) {
        sb.append(':').append(version);
      }
      return sb.toString();
    }

    /** {@code [group/]interface[:version]:protocol}, the key in {@link MetadataInfo#services()}. */
    public String matchKey() {
      return protocol.isEmpty() ? serviceKey() : serviceKey() + ":" + protocol;
    }
  }
}
