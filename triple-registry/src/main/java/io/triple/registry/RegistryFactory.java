package io.triple.registry;

/**
 * Service-provider interface for registry implementations, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.triple.registry.RegistryFactory}) and chosen by
 * {@link #protocol()}; see {@link Registries}.
 */
public interface RegistryFactory {
  /** The registry protocol served, e.g. {@code zookeeper}: the scheme of registry addresses. */
  String protocol();

  /**
   * A new registry client for {@code url} ({@code zookeeper://host:port?backup=host2:port&timeout=3000}).
   * The caller owns it and must close it.
   */
  Registry create(ServiceUrl url);
}
