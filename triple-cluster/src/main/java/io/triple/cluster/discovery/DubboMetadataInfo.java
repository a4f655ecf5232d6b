package io.triple.cluster.discovery;

import io.triple.pojo.spi.WireObject;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our {@link MetadataInfo} as Dubbo's {@code org.apache.dubbo.metadata.MetadataInfo} object, and
 * back. Its serialized (non-transient) fields, in the order Dubbo 3.3.6's hessian2 writes them
 * (the reverse of their declaration; DubboMetadataInfoTest holds the bytes Dubbo wrote):
 * {@code services, revision, app}; a service, {@code MetadataInfo$ServiceInfo}: {@code params,
 * path, port, protocol, version, group, name}. Maps are plain HashMaps (hessian's untyped map),
 * which Dubbo reads into its {@code Map} fields; an absent group or version is null, as in Dubbo. Dubbo's {@code readResolve} rebuilds its MetadataInfo from these three
 * fields, so nothing else is needed.
 */
final class DubboMetadataInfo {
  static final String CLASS = "org.apache.dubbo.metadata.MetadataInfo";
  static final String SERVICE_INFO_CLASS = "org.apache.dubbo.metadata.MetadataInfo$ServiceInfo";

  private DubboMetadataInfo() {}

  static WireObject toWire(MetadataInfo info) {
    Map<String, Object> services = new HashMap<>();
    info.services().forEach((key, s) -> {
      Map<String, Object> f = new LinkedHashMap<>();
      Map<String, String> params = new HashMap<>(); // default capacity: the entry order of Dubbo's own
      s.params().forEach(params::put); // not putAll: into an empty map it sizes the table to the entries
      f.put("params", params);
      f.put("path", s.path());
      f.put("port", s.port());
      f.put("protocol", s.protocol());
      f.put("version", s.version().isEmpty() ? null : s.version());
      f.put("group", s.group().isEmpty() ? null : s.group());
      f.put("name", s.name());
      services.put(key, new WireObject(SERVICE_INFO_CLASS, f));
    });
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("services", services);
    f.put("revision", info.revision());
    f.put("app", info.app());
    return new WireObject(CLASS, f);
  }

  static MetadataInfo fromWire(WireObject w) throws IOException {
    Map<String, ServiceInfo> services = new TreeMap<>();
    if (w.get("services") instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getValue() instanceof WireObject s) || !SERVICE_INFO_CLASS.equals(s.className())) {
          throw new IOException("service " + e.getKey() + " is not a " + SERVICE_INFO_CLASS);
        }
        Map<String, String> params = new TreeMap<>();
        if (s.get("params") instanceof Map<?, ?> p) {
          p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        int port = s.get("port") instanceof Number n ? n.intValue() : 0;
        services.put(String.valueOf(e.getKey()), new ServiceInfo(str(s.get("name")), str(s.get("group")),
            str(s.get("version")), str(s.get("protocol")), port, str(s.get("path")), params));
      }
    } else if (w.get("services") != null) {
      throw new IOException("services of " + CLASS + " is not a map");
    }
    return new MetadataInfo(str(w.get("app")), str(w.get("revision")), services);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
