package io.triple.bootstrap.management;

import java.util.List;

/**
 * An exported service as {@code ls} shows it.
 *
 * @param serviceKey Dubbo's service key, {@code group/interface:version} (group and version only when set)
 * @param online still in some registry (or, without registries, not taken offline)
 * @param status {@code online}, {@code offline}, {@code offline at interface level} or
 *     {@code offline at application level}
 * @param registries where it is published, in Dubbo's {@code ls} notation: registry protocol,
 *     {@code I} (interface level) or {@code A} (application level), and whether it is there now,
 *     e.g. {@code zookeeper-I(Y)}
 */
public record ServiceStatus(String serviceKey, boolean online, String status, List<String> registries) {
  public ServiceStatus {
    registries = List.copyOf(registries);
  }
}
