package io.triple.cluster.discovery;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.Metadata;
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
 * at the protocol and port of its {@code dubbo.metadata-service.url-params}, falling back to the
 * report. Results are cached by application and revision: a revision names one content, so
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
    ManagedChannel channel = Channels.forTarget(target);
    try {
      Metadata headers = new Metadata()
          .put("tri-service-version", MetadataServiceV2.VERSION)
          .put("tri-service-group", instance.serviceName());
      CallOptions options = CallOptions.DEFAULT.withTimeout(TIMEOUT).withMetadata(headers);
      MetadataInfo info = ClientCalls.blockingUnary(channel, MetadataServiceV2.GET_METADATA_INFO, options,
          instance.revision());
      if (info.revision().isEmpty()) {
        info = new MetadataInfo(info.app(), instance.revision(), info.services());
      }
      return info;
    } catch (RuntimeException e) {
      log.warn("Cannot fetch metadata {} from {} of {} ({}): {}", instance.revision(), target,
          instance.serviceName(), MetadataServiceV2.SERVICE, e.getMessage());
      return null;
    } finally {
      channel.shutdownNow();
    }
  }
}
