package io.triple.micrometer;

import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code memory://name}: a registry in this JVM, one per address, that tells subscribers at once
 * (on the registering thread), so tests see the registry state without a ZooKeeper.
 */
public final class MemoryRegistryFactory implements RegistryFactory {
  private static final Map<String, Shared> BY_ADDRESS = new ConcurrentHashMap<>();

  @Override
  public String protocol() {
    return "memory";
  }

  @Override
  public Registry create(ServiceUrl url) {
    return new Client(url, BY_ADDRESS.computeIfAbsent(url.address(), a -> new Shared()));
  }

  private static final class Shared {
    final List<ServiceUrl> providers = new CopyOnWriteArrayList<>();
    final List<Map.Entry<String, NotifyListener>> listeners = new CopyOnWriteArrayList<>();

    synchronized void changed(String iface) {
      List<ServiceUrl> now = new ArrayList<>();
      for (ServiceUrl u : providers) {
        if (u.serviceInterface().equals(iface)) {
          now.add(u);
        }
      }
      for (Map.Entry<String, NotifyListener> l : listeners) {
        if (l.getKey().equals(iface)) {
          l.getValue().notify(now);
        }
      }
    }
  }

  private record Client(ServiceUrl url, Shared shared) implements Registry {
    @Override
    public void register(ServiceUrl u) {
      shared.providers.add(u);
      shared.changed(u.serviceInterface());
    }

    @Override
    public void unregister(ServiceUrl u) {
      shared.providers.remove(u);
      shared.changed(u.serviceInterface());
    }

    @Override
    public void subscribe(String interfaceName, NotifyListener listener) {
      shared.listeners.add(Map.entry(interfaceName, listener));
      shared.changed(interfaceName);
    }

    @Override
    public void unsubscribe(String interfaceName, NotifyListener listener) {
      shared.listeners.remove(Map.entry(interfaceName, listener));
    }

    @Override
    public void close() {}
  }
}
