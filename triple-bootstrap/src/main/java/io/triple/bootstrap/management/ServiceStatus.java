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
 * @param interfaceName the service's name (its interface), without group and version
 * @param publications the same places as {@code registries}, one by one
 */
public record ServiceStatus(String serviceKey, boolean online, String status, List<String> registries,
    String interfaceName, List<Publication> publications) {
  public ServiceStatus {
    registries = List.copyOf(registries);
    publications = List.copyOf(publications);
  }

  /**
   * One place a service is published.
   *
   * @param registry the registry's protocol and address, {@code zookeeper://127.0.0.1:2181}
   * @param level {@code interface} ({@code /dubbo/{interface}/providers}) or {@code application}
   *     (the instance's metadata)
   * @param registered whether it is there now (false after {@code offline}, before {@code online})
   */
  public record Publication(String registry, String level, boolean registered) {
    /** Dubbo's {@code ls} notation: {@code zookeeper-I(Y)}. */
    public String lsNotation() {
      String protocol = registry.substring(0, Math.max(0, registry.indexOf("://")));
      return protocol + "-" + (level.equals(INTERFACE) ? "I" : "A") + "(" + (registered ? "Y" : "N") + ")";
    }
  }

  /** {@link Publication#level()} of a provider URL under {@code /dubbo/{interface}/providers}. */
  public static final String INTERFACE = "interface";
  /** {@link Publication#level()} of a service in an application instance's metadata. */
  public static final String APPLICATION = "application";
}
