package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import io.triple.cluster.discovery.MetadataServiceV1;
import io.triple.cluster.discovery.MetadataServiceV2;
import io.triple.registry.Registry;
import io.triple.registry.RegistryException;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.Json;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import io.triple.stub.ServerCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of Apache Dubbo 3's application-level discovery: this application's instance
 * in each registry whose register mode includes {@code instance} ({@code /services/{app}/{host:port}},
 * with the metadata revision, endpoints and how to call the metadata service), the service-name
 * mapping of each interface to the application, and the {@link MetadataServiceV2} that serves the
 * {@link MetadataInfo} by revision, as Dubbo 3.3 consumers with default settings fetch it, beside
 * Dubbo's V1 {@link MetadataServiceV1} (hessian2) for consumers without protobuf and Dubbo 3.0 to 3.2. With a
 * metadata report, the metadata also goes to {@code /dubbo/metadata/{app}/{revision}}.
 */
final class InstancePublisher {
  private static final Logger log = LoggerFactory.getLogger(Dubbo.class);
  /** Provider URL parameters left out of the metadata: they change every run, the revision must not. */
  private static final Set<String> VOLATILE_PARAMS = Set.of("pid", "timestamp", "anyhost");

  private final String app;
  private final boolean remoteMetadata;
  private final boolean servesV1;
  /** Per registry: the provider URLs published at application level. */
  private final Map<Registry, List<ServiceUrl>> urls = new LinkedHashMap<>();
  private final Map<Registry, ServiceInstance> instances = new LinkedHashMap<>();
  /** Provider URLs taken offline (Dubbo's QoS offline): left out of the metadata and the instance. */
  private final Set<ServiceUrl> offline = new java.util.HashSet<>();
  private final List<Registry> metadataReports = new ArrayList<>();
  /** Revision to metadata, for the metadata service. */
  private final Map<String, MetadataInfo> served = new java.util.concurrent.ConcurrentHashMap<>();

  /** @param remoteMetadata Dubbo's metadata-type remote: consumers read the metadata report */
  InstancePublisher(String app, boolean remoteMetadata) {
    this(app, remoteMetadata, MetadataServiceV1.available());
  }

  /** @param servesV1 whether Dubbo's V1 MetadataService is served (it needs hessian2) */
  InstancePublisher(String app, boolean remoteMetadata, boolean servesV1) {
    this.app = app;
    this.servesV1 = servesV1;
    this.remoteMetadata = remoteMetadata;
  }

  /** Also stores the metadata in this registry's metadata report. */
  synchronized void addMetadataReport(Registry report) {
    if (report.serviceDiscovery() != null && !metadataReports.contains(report)) {
      metadataReports.add(report);
    }
  }

  /**
   * The metadata services for this application, to serve on every protocol: MetadataServiceV2,
   * and Dubbo's V1 MetadataService (hessian2) when triple-serialization-hessian2 is on the class path.
   */
  List<ServiceDefinition> metadataServices() {
    ServiceDefinition v2 = ServiceDefinition.builder(MetadataServiceV2.SERVICE)
        .addMethod(MetadataServiceV2.GET_METADATA_INFO, ServerCalls.unaryCall(revision ->
            CompletableFuture.completedFuture(served.getOrDefault(revision,
                new MetadataInfo(app, "", Map.of())))))
        .build()
        .withVersion(MetadataServiceV2.VERSION)
        .withGroup(app);
    return servesV1 ? List.of(v2, MetadataServiceV1.definition(app, served::get)) : List.of(v2);
  }

  /** Adds a provider URL to the application-level registration in {@code registry} (see {@link #publish}). */
  synchronized void add(Registry registry, ServiceUrl url) {
    urls.computeIfAbsent(registry, r -> new ArrayList<>()).add(url);
  }

  /** Takes a provider URL out of (or back into) the published metadata; see {@link #publish}. */
  synchronized void setOnline(ServiceUrl url, boolean online) {
    if (online) {
      offline.remove(url);
    } else {
      offline.add(url);
    }
  }

  /**
   * (Re-)registers the instance in every registry with the current metadata (online services
   * only), and maps the interfaces; withdraws the instance from a registry where no service is
   * online, as Dubbo does when its last service goes offline.
   */
  synchronized void publish() {
    for (Map.Entry<Registry, List<ServiceUrl>> e : urls.entrySet()) {
      ServiceDiscovery discovery = e.getKey().serviceDiscovery();
      List<ServiceUrl> list = e.getValue().stream().filter(u -> !offline.contains(u)).toList();
      if (discovery == null) {
        continue;
      }
      if (list.isEmpty()) {
        ServiceInstance gone = instances.remove(e.getKey());
        if (gone != null) {
          try {
            discovery.unregister(gone);
          } catch (RuntimeException ex) {
            log.warn("Failed to unregister instance {}: {}", gone.id(), ex.toString());
          }
        }
        continue;
      }
      MetadataInfo metadata = metadata(list);
      served.put(metadata.revision(), metadata);
      for (Registry report : metadataReports) {
        try {
          report.serviceDiscovery().publishMetadata(metadata);
        } catch (RegistryException ex) {
          log.error("{}", ex.getMessage());
        }
      }
      ServiceInstance instance = instance(list, metadata);
      instances.put(e.getKey(), instance);
      try {
        discovery.register(instance);
      } catch (RegistryException ex) {
        log.error("{}", ex.getMessage()); // kept: registered when the registry is reachable
      }
      for (ServiceUrl u : list) {
        try {
          discovery.map(u.serviceInterface(), app);
        } catch (RegistryException ex) {
          log.error("{}", ex.getMessage()); // mapped again after the next reconnect
        }
      }
    }
  }

  private MetadataInfo metadata(List<ServiceUrl> list) {
    List<ServiceInfo> services = new ArrayList<>();
    for (ServiceUrl u : list) {
      Map<String, String> params = new TreeMap<>(u.parameters());
      params.keySet().removeAll(VOLATILE_PARAMS);
      services.add(new ServiceInfo(u.serviceInterface(), u.group(), u.version(), u.protocol(), u.port(),
          u.path(), params));
    }
    return MetadataInfo.of(app, services);
  }

  private ServiceInstance instance(List<ServiceUrl> list, MetadataInfo metadata) {
    ServiceUrl first = list.get(0);
    Map<String, Integer> endpoints = new LinkedHashMap<>();
    for (ServiceUrl u : list) {
      endpoints.putIfAbsent(u.protocol(), u.port());
    }
    List<Object> endpointList = new ArrayList<>();
    endpoints.forEach((protocol, port) -> {
      Map<String, Object> ep = new LinkedHashMap<>();
      ep.put("port", port);
      ep.put("protocol", protocol);
      endpointList.add(ep);
    });
    Map<String, Object> serviceParams = new LinkedHashMap<>();
    // What a consumer calling V1 uses (Dubbo's StandardMetadataServiceURLBuilder copies these into
    // the call's URL): V1's version and hessian2. A V2 consumer goes by meta-v and sets 2.0.0 itself.
    serviceParams.put("version", servesV1 ? MetadataServiceV1.VERSION : MetadataServiceV2.VERSION);
    if (servesV1) {
      serviceParams.put("serialization", "hessian2");
    }
    serviceParams.put("dubbo", "2.0.2");
    serviceParams.put("release", "triple-java");
    serviceParams.put("side", "provider");
    serviceParams.put("port", Integer.toString(first.port()));
    serviceParams.put("protocol", first.protocol());
    Map<String, String> md = new TreeMap<>();
    md.put(ServiceInstance.ENDPOINTS, Json.write(endpointList));
    md.put(ServiceInstance.METADATA_SERVICE_PARAMS, Json.write(serviceParams));
    md.put(ServiceInstance.REVISION, metadata.revision());
    md.put(ServiceInstance.STORAGE_TYPE, remoteMetadata ? "remote" : "local");
    md.put(ServiceInstance.METADATA_SERVICE_VERSION, MetadataServiceV2.VERSION);
    md.put(ServiceInstance.TIMESTAMP, Long.toString(System.currentTimeMillis()));
    return new ServiceInstance(app, first.host(), first.port(), md);
  }

  /** Withdraws the instances (the mapping stays, as Dubbo leaves it). */
  synchronized void unregisterAll() {
    instances.forEach((registry, instance) -> {
      try {
        registry.serviceDiscovery().unregister(instance);
      } catch (RuntimeException e) {
        log.warn("Failed to unregister instance {}: {}", instance.id(), e.toString());
      }
    });
    instances.clear();
  }
}
