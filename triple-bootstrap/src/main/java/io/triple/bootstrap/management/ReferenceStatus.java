package io.triple.bootstrap.management;

import java.util.List;

/**
 * A reference as {@code ls} shows it.
 *
 * @param id its id under {@code dubbo.consumer.references}
 * @param serviceKey Dubbo's service key of what it calls, {@code group/interface:version}
 * @param providers the addresses ({@code host:port}) its cluster knows now
 * @param interfaceName the interface it calls (the service key without group and version)
 * @param usableProviders how many of {@code providers} are not ejected now (after consecutive
 *     connect failures): those a call may choose first
 */
public record ReferenceStatus(String id, String serviceKey, List<String> providers, String interfaceName,
    int usableProviders) {
  public ReferenceStatus {
    providers = List.copyOf(providers);
  }

  /** Every provider usable, the interface taken from the service key. */
  public ReferenceStatus(String id, String serviceKey, List<String> providers) {
    this(id, serviceKey, providers, interfaceOf(serviceKey), providers.size());
  }

  private static String interfaceOf(String serviceKey) {
    String s = serviceKey.substring(serviceKey.indexOf('/') + 1);
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
