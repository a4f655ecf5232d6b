package io.triple.bench;

import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real registry whose application-level discovery counts metadata report reads by revision
 * (bench/registry-scale.sh --mode application): every call goes to the wrapped registry and its
 * ZookeeperServiceDiscovery unchanged; only {@link ServiceDiscovery#reportedMetadata} is counted,
 * which is how the consumer side's MetadataFetcher reads metadata of instances whose storage type
 * is remote.
 */
final class CountingRegistry implements Registry {
  private final Registry delegate;
  private final Counting discovery;

  CountingRegistry(Registry delegate, Map<String, AtomicLong> fetches) {
    this.delegate = delegate;
    this.discovery = new Counting(delegate.serviceDiscovery(), fetches);
  }

  @Override
  public ServiceUrl url() {
    return delegate.url();
  }

  @Override
  public void register(ServiceUrl url) {
    delegate.register(url);
  }

  @Override
  public void unregister(ServiceUrl url) {
    delegate.unregister(url);
  }

  @Override
  public void subscribe(String interfaceName, NotifyListener listener) {
    delegate.subscribe(interfaceName, listener);
  }

  @Override
  public void unsubscribe(String interfaceName, NotifyListener listener) {
    delegate.unsubscribe(interfaceName, listener);
  }

  @Override
  public ServiceDiscovery serviceDiscovery() {
    return discovery;
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public void addAvailabilityListener(Consumer<Boolean> listener) {
    delegate.addAvailabilityListener(listener);
  }

  @Override
  public void removeAvailabilityListener(Consumer<Boolean> listener) {
    delegate.removeAvailabilityListener(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private record Counting(ServiceDiscovery d, Map<String, AtomicLong> fetches) implements ServiceDiscovery {
    @Override
    public MetadataInfo reportedMetadata(String app, String revision) {
      fetches.computeIfAbsent(app + "@" + revision, k -> new AtomicLong()).incrementAndGet();
      return d.reportedMetadata(app, revision);
    }

    @Override
    public void register(ServiceInstance instance) {
      d.register(instance);
    }

    @Override
    public void unregister(ServiceInstance instance) {
      d.unregister(instance);
    }

    @Override
    public List<ServiceInstance> instances(String app) {
      return d.instances(app);
    }

    @Override
    public void watchInstances(String app, Consumer<List<ServiceInstance>> listener) {
      d.watchInstances(app, listener);
    }

    @Override
    public void unwatchInstances(String app, Consumer<List<ServiceInstance>> listener) {
      d.unwatchInstances(app, listener);
    }

    @Override
    public void map(String interfaceName, String app) {
      d.map(interfaceName, app);
    }

    @Override
    public Set<String> mappedApplications(String interfaceName) {
      return d.mappedApplications(interfaceName);
    }

    @Override
    public void watchMapping(String interfaceName, Consumer<Set<String>> listener) {
      d.watchMapping(interfaceName, listener);
    }

    @Override
    public void unwatchMapping(String interfaceName, Consumer<Set<String>> listener) {
      d.unwatchMapping(interfaceName, listener);
    }

    @Override
    public void publishMetadata(MetadataInfo metadata) {
      d.publishMetadata(metadata);
    }
  }
}
