package io.triple.registry.zookeeper;

import io.triple.registry.discovery.Json;
import io.triple.registry.discovery.ServiceInstance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An instance node's data, byte for byte in the form Apache Dubbo 3.3 writes through Curator's
 * service discovery ({@code JsonInstanceSerializer} with a {@code ZookeeperInstance} payload):
 *
 * <pre>
 * {"name":"app","id":"10.0.0.5:50051","address":"10.0.0.5","port":50051,"sslPort":null,
 *  "payload":{"@class":"org.apache.dubbo.registry.zookeeper.ZookeeperInstance","id":"10.0.0.5:50051",
 *             "name":"app","metadata":{...}},
 *  "registrationTimeUTC":1700000000000,"serviceType":"DYNAMIC","uriSpec":null}
 * </pre>
 */
final class CuratorInstances {
  static final String PAYLOAD_CLASS = "org.apache.dubbo.registry.zookeeper.ZookeeperInstance";

  private CuratorInstances() {}

  static String toJson(ServiceInstance i, long registrationTimeUtc) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("@class", PAYLOAD_CLASS);
    payload.put("id", i.id());
    payload.put("name", i.serviceName());
    payload.put("metadata", new TreeMap<>(i.metadata()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", i.serviceName());
    root.put("id", i.id());
    root.put("address", i.host());
    root.put("port", i.port());
    root.put("sslPort", null);
    root.put("payload", payload);
    root.put("registrationTimeUTC", registrationTimeUtc);
    root.put("serviceType", "DYNAMIC");
    root.put("uriSpec", null);
    return Json.write(root);
  }

  /**
   * Reads an instance node (Dubbo's or ours).
   *
   * @throws IllegalArgumentException when it is not such a record
   */
  static ServiceInstance fromJson(String json) {
    Map<String, Object> root = Json.parseObject(json);
    Object name = root.get("name");
    Object address = root.get("address");
    if (!(name instanceof String) || !(address instanceof String) || !(root.get("port") instanceof Number port)) {
      throw new IllegalArgumentException("not a service instance record: " + json);
    }
    Map<String, String> metadata = new TreeMap<>();
    if (root.get("payload") instanceof Map<?, ?> payload && payload.get("metadata") instanceof Map<?, ?> md) {
      md.forEach((k, v) -> {
        if (v != null) {
          metadata.put(String.valueOf(k), String.valueOf(v));
        }
      });
    }
    return new ServiceInstance((String) name, (String) address, port.intValue(), metadata);
  }
}
