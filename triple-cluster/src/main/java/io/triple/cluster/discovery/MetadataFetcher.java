package io.triple.cluster.discovery;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import io.triple.stub.ClientCalls;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an instance's {@link MetadataInfo} as a Dubbo 3.3 consumer does: from the metadata
 * report when the instance says {@code dubbo.metadata.storage-type=remote}, otherwise by calling
 * the instance's {@link MetadataServiceV2} (Triple, protobuf; version 2.0.0, group = application)
 * when the instance announces it ({@code meta-v: 2.0.0}), otherwise its {@link MetadataServiceV1}
 * (hessian2 in Triple's wrapper mode; version 1.0.0), at the protocol and port of its
 * {@code dubbo.metadata-service.url-params}, falling back to the report. Results are cached by application and revision: a revision names one content, so
 * instances of one revision cost one fetch.
 */
public class MetadataFetcher {
  private static final Logger log = LoggerFactory.getLogger(MetadataFetcher.class);
  /** Dubbo's metadata proxy timeout (MetadataConstants.DEFAULT_METADATA_TIMEOUT_VALUE). */
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_CACHED = 1000;

  private final Map<String, MetadataInfo> cache = new ConcurrentHashMap<>();

  /** The one fetcher (and cache) of this process. */
  public static final MetadataFetcher SHARED = new MetadataFetcher();

  /** The instance's metadata, or null when it cannot be had now. */
  public MetadataInfo fetch(ServiceDiscovery discovery, ServiceInstance instance) {
    String revision = instance.revision();
    if (revision.isEmpty()) {
      return null;
    }
    String key = instance.serviceName() + "@" + revision;
    MetadataInfo cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    MetadataInfo info = load(discovery, instance);
    if (info != null) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(key, info);
    }
    return info;
  }

  /** Fetches without the cache: the report or the instance, as its storage type says. */
  MetadataInfo load(ServiceDiscovery discovery, ServiceInstance instance) {
    MetadataInfo info = instance.remoteMetadata() ? fromReport(discovery, instance) : fromInstance(instance);
    if (info == null && !instance.remoteMetadata()) {
      info = fromReport(discovery, instance);
    }
    return info;
  }

  private static MetadataInfo fromReport(ServiceDiscovery discovery, ServiceInstance instance) {
    try {
      return discovery.reportedMetadata(instance.serviceName(), instance.revision());
    } catch (RuntimeException e) {
      log.warn("No metadata {} of {} in the metadata report: {}", instance.revision(),
          instance.serviceName(), e.getMessage());
      return null;
    }
  }

  private static MetadataInfo fromInstance(ServiceInstance instance) {
    Map<String, String> params = instance.metadataServiceParams();
    String protocol = params.getOrDefault("protocol", "tri");
    int port = instance.port();
    try {
      port = Integer.parseInt(params.getOrDefault("port", Integer.toString(port)));
    } catch (NumberFormatException ignored) {
      // the instance port
    }
    String target = ("grpc".equals(protocol) ? "grpc" : "tri") + "://" + instance.host() + ":" + port;
    // As Dubbo's MetadataUtils.referMetadataService: V2 when the instance announces it (meta-v),
    // V1 otherwise (Dubbo 3.0 to 3.2, or a provider without protobuf). V1 needs hessian2 here; without
    // it V2 is the one left to try. A V2 that answers UNIMPLEMENTED is asked again through V1.
    boolean v1 = MetadataServiceV1.available();
    boolean v2 = MetadataServiceV2.VERSION.equals(instance.metadata().get(ServiceInstance.METADATA_SERVICE_VERSION))
        || !v1;
    ManagedChannel channel = Channels.forTarget(target);
    String service = v2 ? MetadataServiceV2.SERVICE : MetadataServiceV1.SERVICE;
    try {
      MetadataInfo info;
      if (v2) {
        try {
          info = ClientCalls.blockingUnary(channel, MetadataServiceV2.GET_METADATA_INFO,
              options(MetadataServiceV2.VERSION, instance), instance.revision());
        } catch (StatusException e) {
          if (!v1 || e.getStatus().code() != Status.Code.UNIMPLEMENTED) {
            throw e;
          }
          log.debug("{} of {} at {}: {}; asking {}", MetadataServiceV2.SERVICE, instance.serviceName(), target,
              e.getMessage(), MetadataServiceV1.SERVICE);
          service = MetadataServiceV1.SERVICE;
          info = MetadataServiceV1.fetch(channel, options(MetadataServiceV1.VERSION, instance), instance.revision());
        }
      } else {
        info = MetadataServiceV1.fetch(channel, options(MetadataServiceV1.VERSION, instance), instance.revision());
      }
      if (info == null) { // V1's answer for a revision the instance does not know
        log.warn("{} at {} of {} does not know metadata revision {}", service, target, instance.serviceName(),
            instance.revision());
        return null;
      }
      if (info.revision().isEmpty()) {
        info = new MetadataInfo(info.app(), instance.revision(), info.services());
      }
      return info;
    } catch (RuntimeException e) {
      log.warn("Cannot fetch metadata {} from {} of {} ({}): {}", instance.revision(), target,
          instance.serviceName(), service, e.getMessage());
      return null;
    } finally {
      channel.shutdownNow();
    }
  }

  /** Dubbo's metadata service headers: its version, and the application as group. */
  private static CallOptions options(String version, ServiceInstance instance) {
    Metadata headers = new Metadata()
        .put("tri-service-version", version)
        .put("tri-service-group", instance.serviceName());
    return CallOptions.DEFAULT.withTimeout(TIMEOUT).withMetadata(headers);
  }
}
