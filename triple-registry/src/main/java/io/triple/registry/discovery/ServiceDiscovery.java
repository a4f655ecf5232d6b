package io.triple.registry.discovery;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Apache Dubbo 3's application-level service discovery on a registry: application instances
 * ({@link ServiceInstance}), the service-name mapping from interfaces to the applications that
 * serve them, and the metadata report. Obtained from {@link io.triple.registry.Registry#serviceDiscovery()};
 * it shares the registry's connection and lives as long as it. Thread-safe; registrations
 * survive a lost session as the registry's do.
 */
public interface ServiceDiscovery {

  /** Publishes (or replaces, e.g. after a revision change) an instance of this process. */
  void register(ServiceInstance instance);

  /** Withdraws an instance given to {@link #register}. */
  void unregister(ServiceInstance instance);

  /** The current instances of {@code app}. */
  List<ServiceInstance> instances(String app);

  /**
   * Watches the instances of {@code app}: the listener hears the whole current list as soon as it
   * is known and after every change (an instance added, removed or updated).
   */
  void watchInstances(String app, Consumer<List<ServiceInstance>> listener);

  void unwatchInstances(String app, Consumer<List<ServiceInstance>> listener);

  /** Adds {@code app} to the applications serving {@code interfaceName} (compare-and-set, retried). */
  void map(String interfaceName, String app);

  /** The applications mapped to {@code interfaceName}; empty when none. */
  Set<String> mappedApplications(String interfaceName);

  /** Watches the mapping of {@code interfaceName}: called with the current set and after every change. */
  void watchMapping(String interfaceName, Consumer<Set<String>> listener);

  void unwatchMapping(String interfaceName, Consumer<Set<String>> listener);

  /** Stores metadata in the metadata report ({@code /dubbo/metadata/{app}/{revision}}). */
  void publishMetadata(MetadataInfo metadata);

  /** Metadata from the metadata report, or null when it holds none for that revision. */
  MetadataInfo reportedMetadata(String app, String revision);
}
