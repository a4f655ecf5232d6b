package io.triple.registry;

/**
 * A service registry: providers {@link #register} their URLs, consumers {@link #subscribe} to an
 * interface and hear about every change to its provider list. Registrations and subscriptions
 * survive a lost registry session: they are restored when the registry comes back.
 * Implementations are thread-safe.
 */
public interface Registry extends AutoCloseable {

  /** The registry's own URL, e.g. {@code zookeeper://127.0.0.1:2181?timeout=3000}. */
  ServiceUrl url();

  /**
   * Publishes a URL (a provider with {@code side=provider}, or a consumer with
   * {@code side=consumer}) for as long as this registry is open or until {@link #unregister}.
   *
   * @throws RegistryException if the registry cannot be reached in its timeout; the registration
   *     is kept and retried when the registry reconnects
   */
  void register(ServiceUrl url);

  /** Withdraws a URL given to {@link #register}. */
  void unregister(ServiceUrl url);

  /**
   * Watches the providers of {@code interfaceName}. The listener is called with the current list
   * as soon as it is known, then after every change. While the registry is unreachable the
   * listener is not called: consumers keep using the last list they had.
   */
  void subscribe(String interfaceName, NotifyListener listener);

  void unsubscribe(String interfaceName, NotifyListener listener);

  /**
   * Apache Dubbo 3's application-level discovery on this registry (instances, service-name
   * mapping, metadata report), sharing its connection; null when the registry has none.
   */
  default io.triple.registry.discovery.ServiceDiscovery serviceDiscovery() {
    return null;
  }

  /**
   * Whether the registry is reachable now: registrations and subscriptions are live, rather than
   * kept to be restored when it comes back. A readiness probe asks this. Default true, for
   * registries that cannot tell; false once closed.
   */
  default boolean isAvailable() {
    return true;
  }

  /**
   * Calls {@code listener} with the new value of {@link #isAvailable()} each time it changes
   * (not with the current one: read that first). Called on the registry's own thread; keep it
   * short. Default: never called, for registries that cannot tell.
   */
  default void addAvailabilityListener(java.util.function.Consumer<Boolean> listener) {}

  default void removeAvailabilityListener(java.util.function.Consumer<Boolean> listener) {}

  /** Removes this process's registrations and disconnects. */
  @Override
  void close();
}
