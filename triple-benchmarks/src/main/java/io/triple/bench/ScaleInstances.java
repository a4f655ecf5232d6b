package io.triple.bench;

import io.triple.cluster.discovery.MetadataServiceV2;
import io.triple.registry.discovery.Json;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application-level registrations of bench/registry-scale.sh --mode application: application
 * {@code scale-app-i} serves interface i; each of its instances is a Dubbo 3 instance
 * ({@code /services/scale-app-i/127.a.b.c:port}) with {@code dubbo.metadata.storage-type: remote},
 * so consumers read its {@link MetadataInfo} from the metadata report in ZooKeeper. All instances
 * of an application serve the same thing and so share one revision. The instance record and the
 * metadata are built as triple-bootstrap's InstancePublisher builds them (it is package-private
 * there and needs a whole bootstrap); what goes to ZooKeeper is written by the real
 * ZookeeperServiceDiscovery.
 */
final class ScaleInstances {
  private ScaleInstances() {}

  static String app(int iface) {
    return "scale-app-" + iface;
  }

  /** The metadata of {@code app(iface)}: the one service, its parameters as the interface-level URL's. */
  static MetadataInfo metadata(int iface, int port) {
    Map<String, String> params = new TreeMap<>();
    params.put("application", app(iface));
    params.put("deprecated", "false");
    params.put("dubbo", "2.0.2");
    params.put("dynamic", "true");
    params.put("interface", RegistryScale.iface(iface));
    params.put("methods", "call");
    params.put("release", "triple-java");
    params.put("side", "provider");
    params.put("weight", "100");
    return MetadataInfo.of(app(iface), List.of(new ServiceInfo(RegistryScale.iface(iface), "", "", "tri", port,
        RegistryScale.iface(iface), params)));
  }

  /** One instance at {@code host:port} with {@code metadata}'s revision, read from the report. */
  static ServiceInstance instance(String host, int port, MetadataInfo metadata) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", port);
    endpoint.put("protocol", "tri");
    Map<String, Object> serviceParams = new LinkedHashMap<>();
    serviceParams.put("version", MetadataServiceV2.VERSION);
    serviceParams.put("dubbo", "2.0.2");
    serviceParams.put("release", "triple-java");
    serviceParams.put("side", "provider");
    serviceParams.put("port", Integer.toString(port));
    serviceParams.put("protocol", "tri");
    Map<String, String> md = new TreeMap<>();
    md.put(ServiceInstance.ENDPOINTS, Json.write(List.of(endpoint)));
    md.put(ServiceInstance.METADATA_SERVICE_PARAMS, Json.write(serviceParams));
    md.put(ServiceInstance.REVISION, metadata.revision());
    md.put(ServiceInstance.STORAGE_TYPE, "remote");
    md.put(ServiceInstance.METADATA_SERVICE_VERSION, MetadataServiceV2.VERSION);
    md.put(ServiceInstance.TIMESTAMP, Long.toString(System.currentTimeMillis()));
    return new ServiceInstance(metadata.app(), host, port, md);
  }

  /**
   * Publishes one instance as InstancePublisher.publish does: metadata to the report, the
   * instance, then the interface's mapping. Returns when the instance node exists.
   */
  static void publish(ServiceDiscovery discovery, ServiceInstance instance, MetadataInfo metadata, String iface) {
    discovery.publishMetadata(metadata);
    discovery.register(instance);
    discovery.map(iface, metadata.app());
  }
}
