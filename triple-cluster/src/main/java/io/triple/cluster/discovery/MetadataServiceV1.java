package io.triple.cluster.discovery;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ServiceDefinition;
import io.triple.registry.discovery.MetadataInfo;
import java.util.List;
import java.util.function.Function;

/**
 * Apache Dubbo's first metadata service, {@code org.apache.dubbo.metadata.MetadataService}: an
 * interface service (Triple's wrapper mode, hessian2), served with version {@value #VERSION} and
 * the application name as group, whose {@code MetadataInfo getMetadataInfo(String revision)} is
 * what a Dubbo consumer calls when it has no protobuf on its class path, when the instance does
 * not announce {@link MetadataServiceV2} ({@code meta-v}), and always in Dubbo 3.0 to 3.2.
 *
 * <p>Only {@code getMetadataInfo} is served; Dubbo's other methods (URL listings, service
 * definitions, instance-metadata listeners) answer UNIMPLEMENTED saying so. The reply is
 * Dubbo's {@code org.apache.dubbo.metadata.MetadataInfo} in hessian2, which a Dubbo consumer reads
 * into its own class; we read Dubbo's into {@link MetadataInfo} without loading a class of Dubbo's.
 *
 * <p>Needs triple-pojo (Triple's wrappers) and triple-serialization-hessian2 on the class path
 * ({@link #available()}); this class itself touches neither, so it can be asked without them.
 */
public final class MetadataServiceV1 {
  public static final String SERVICE = "org.apache.dubbo.metadata.MetadataService";
  /** The version Dubbo serves it with ({@code MetadataServiceDelegation.VERSION}). */
  public static final String VERSION = "1.0.0";
  public static final String GET_METADATA_INFO = "getMetadataInfo";
  /** Dubbo's {@code MetadataService} methods other than {@link #GET_METADATA_INFO}: not served. */
  static final List<String> OTHER_METHODS = List.of("serviceName", "version", "getMetadataURL",
      "getSubscribedURLs", "getExportedURLs", "getExportedServiceURLs", "getServiceDefinition",
      "getMetadataInfos", "exportInstanceMetadata", "getInstanceMetadataChangedListenerMap",
      "getAndListenInstanceMetadata", "getOpenAPI");

  private static volatile Boolean available;

  private MetadataServiceV1() {}

  /** Whether triple-pojo and the hessian2 serialization are on the class path. */
  public static boolean available() {
    Boolean a = available;
    if (a == null) {
      try {
        Class.forName("io.triple.pojo.spi.Serialization", false, MetadataServiceV1.class.getClassLoader());
        a = MetadataV1Calls.hessian2() != null;
      } catch (ClassNotFoundException | LinkageError e) {
        a = false;
      }
      available = a;
    }
    return a;
  }

  /**
   * The service for application {@code app}, answering each revision with {@code lookup}'s
   * metadata (null: unknown revision, answered with null as Dubbo does).
   *
   * @throws IllegalStateException when not {@link #available()}
   */
  public static ServiceDefinition definition(String app, Function<String, MetadataInfo> lookup) {
    requireAvailable();
    return MetadataV1Calls.definition(app, lookup);
  }

  /**
   * Calls {@code getMetadataInfo(revision)} on {@code channel} (the call options carry the
   * version and group headers, the timeout); null when the provider answers null.
   *
   * @throws io.triple.StatusException when the call fails or the reply cannot be read
   * @throws IllegalStateException when not {@link #available()}
   */
  public static MetadataInfo fetch(Channel channel, CallOptions options, String revision) {
    requireAvailable();
    return MetadataV1Calls.fetch(channel, options, revision);
  }

  private static void requireAvailable() {
    if (!available()) {
      throw new IllegalStateException(SERVICE + " needs io.triple:triple-pojo and "
          + "io.triple:triple-serialization-hessian2 on the class path");
    }
  }
}
