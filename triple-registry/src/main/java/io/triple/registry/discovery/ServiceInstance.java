package io.triple.registry.discovery;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One running application instance, as Apache Dubbo 3's application-level discovery registers
 * it ({@code /services/{app}/{host:port}} in ZooKeeper): the application (service) name, the
 * address, and metadata naming the revision of the instance's {@link MetadataInfo}, its
 * endpoints and how to fetch the metadata.
 *
 * @param serviceName the application name
 * @param metadata Dubbo's instance metadata (keys below); kept sorted by key, as Dubbo writes it
 */
public record ServiceInstance(String serviceName, String host, int port, Map<String, String> metadata) {
  /** The revision of the instance's {@link MetadataInfo}. */
  public static final String REVISION = "dubbo.metadata.revision";
  /** {@code local} (fetch metadata from the instance) or {@code remote} (from the metadata report). */
  public static final String STORAGE_TYPE = "dubbo.metadata.storage-type";
  /** JSON list of {@code {"port":N,"protocol":"tri"}}. */
  public static final String ENDPOINTS = "dubbo.endpoints";
  /** JSON map: how to call the instance's MetadataService (protocol, port, version, ...). */
  public static final String METADATA_SERVICE_PARAMS = "dubbo.metadata-service.url-params";
  /** Version of the metadata service served: {@code 2.0.0} is MetadataServiceV2 (protobuf). */
  public static final String METADATA_SERVICE_VERSION = "meta-v";
  public static final String TIMESTAMP = "timestamp";

  public ServiceInstance {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(host, "host");
    metadata = Collections.unmodifiableMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
  }

  /** {@code host:port}, the instance's id. */
  public String id() {
    return host + ":" + port;
  }

  /** The metadata revision, or empty. */
  public String revision() {
    return metadata.getOrDefault(REVISION, "");
  }

  /** Whether the metadata is in the metadata report rather than served by the instance. */
  public boolean remoteMetadata() {
    return "remote".equals(metadata.get(STORAGE_TYPE));
  }

  /** The port of {@code protocol} from the endpoints, or {@code fallback} when not listed. */
  public int endpointPort(String protocol, int fallback) {
    String endpoints = metadata.get(ENDPOINTS);
    if (endpoints == null || endpoints.isBlank()) {
      return fallback;
    }
    try {
      if (Json.parse(endpoints) instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Map<?, ?> m && protocol.equals(m.get("protocol")) && m.get("port") instanceof Number n) {
            return n.intValue();
          }
        }
      }
    } catch (IllegalArgumentException ignored) {
      // unreadable endpoints: use the fallback
    }
    return fallback;
  }

  /** The metadata service parameters (protocol, port, version, ...), empty when not given. */
  public Map<String, String> metadataServiceParams() {
    String json = metadata.get(METADATA_SERVICE_PARAMS);
    Map<String, String> out = new TreeMap<>();
    if (json != null && !json.isBlank()) {
      try {
        Json.parseObject(json).forEach((k, v) -> out.put(k, String.valueOf(v)));
      } catch (IllegalArgumentException ignored) {
        // fall back to the defaults
      }
    }
    return out;
  }

  /** A copy with other metadata. */
  public ServiceInstance withMetadata(Map<String, String> newMetadata) {
    return new ServiceInstance(serviceName, host, port, newMetadata);
  }
}
