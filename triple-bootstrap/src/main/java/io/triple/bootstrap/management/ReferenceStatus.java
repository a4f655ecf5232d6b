package io.triple.bootstrap.management;

import java.util.List;

/**
 * A reference as {@code ls} shows it.
 *
 * @param id its id under {@code dubbo.consumer.references}
 * @param serviceKey Dubbo's service key of what it calls, {@code group/interface:version}
 * @param providers the addresses ({@code host:port}) its cluster knows now
 */
public record ReferenceStatus(String id, String serviceKey, List<String> providers) {
  public ReferenceStatus {
    providers = List.copyOf(providers);
  }
}
