package io.triple.cluster.discovery;

import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.ServiceDiscovery;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry seen through Apache Dubbo 3's consumer migration step: {@code FORCE_INTERFACE}
 * subscribes to interface-level registrations only ({@code /dubbo/{interface}/providers});
 * {@code FORCE_APPLICATION} to application-level discovery only ({@link ApplicationSubscription});
 * {@code APPLICATION_FIRST} (Dubbo's default) to both, and uses the application-level providers
 * whenever there are any, the interface-level ones otherwise (Dubbo's migration threshold 0).
 * Registration and closing go to the wrapped registry.
 */
public final class MigrationRegistry implements Registry {
  private static final Logger log = LoggerFactory.getLogger(MigrationRegistry.class);

  /** Dubbo's migration steps ({@code dubbo.application.service-discovery.migration}). */
  public enum Step {
    FORCE_INTERFACE, APPLICATION_FIRST, FORCE_APPLICATION;

    /** Parses a step (case-insensitive); empty means {@link #APPLICATION_FIRST}. */
    public static Step parse(String s) {
      if (s == null || s.isBlank()) {
        return APPLICATION_FIRST;
      }
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown migration step '" + s
            + "' (expected FORCE_INTERFACE, APPLICATION_FIRST or FORCE_APPLICATION)");
      }
    }
  }

  private final Registry delegate;
  private final Step step;
  private final Map<NotifyListener, Handle> handles = new ConcurrentHashMap<>();

  private MigrationRegistry(Registry delegate, Step step) {
    this.delegate = delegate;
    this.step = step;
  }

  /** {@code registry} under {@code step}; the registry itself when it has no application-level discovery. */
  public static Registry wrap(Registry registry, Step step) {
    if (step == Step.FORCE_INTERFACE || registry instanceof MigrationRegistry) {
      return registry;
    }
    if (registry.serviceDiscovery() == null) {
      if (step == Step.FORCE_APPLICATION) {
        log.warn("Registry {} has no application-level discovery; FORCE_APPLICATION falls back to "
            + "interface-level", registry.url().address());
      }
      return registry;
    }
    return new MigrationRegistry(registry, step);
  }

  public Step step() {
    return step;
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
  public ServiceDiscovery serviceDiscovery() {
    return delegate.serviceDiscovery();
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public void addAvailabilityListener(java.util.function.Consumer<Boolean> listener) {
    delegate.addAvailabilityListener(listener);
  }

  @Override
  public void removeAvailabilityListener(java.util.function.Consumer<Boolean> listener) {
    delegate.removeAvailabilityListener(listener);
  }

  @Override
  public void subscribe(String interfaceName, NotifyListener listener) {
    Handle h = new Handle(interfaceName, listener);
    handles.put(listener, h);
    h.start();
  }

  @Override
  public void unsubscribe(String interfaceName, NotifyListener listener) {
    Handle h = handles.remove(listener);
    if (h != null) {
      h.close();
    }
  }

  @Override
  public void close() {
    handles.values().forEach(Handle::close);
    handles.clear();
    delegate.close();
  }

  /** One subscription: its interface-level and application-level lists, and the choice. */
  private final class Handle {
    final String interfaceName;
    final NotifyListener listener;
    final NotifyListener interfaceLevel = urls -> choose(urls, null);
    final ApplicationSubscription applicationLevel;
    List<ServiceUrl> interfaceUrls;
    List<ServiceUrl> applicationUrls;
    List<ServiceUrl> chosen;

    Handle(String interfaceName, NotifyListener listener) {
      this.interfaceName = interfaceName;
      this.listener = listener;
      this.applicationLevel = new ApplicationSubscription(delegate.serviceDiscovery(), interfaceName,
          urls -> choose(null, urls), MetadataFetcher.SHARED);
    }

    void start() {
      if (step == Step.APPLICATION_FIRST) {
        delegate.subscribe(interfaceName, interfaceLevel);
      }
      applicationLevel.start();
    }

    void close() {
      if (step == Step.APPLICATION_FIRST) {
        delegate.unsubscribe(interfaceName, interfaceLevel);
      }
      applicationLevel.close();
    }

    void choose(List<ServiceUrl> fromInterface, List<ServiceUrl> fromApplication) {
      List<ServiceUrl> next;
      synchronized (this) {
        if (fromInterface != null) {
          interfaceUrls = fromInterface;
        }
        if (fromApplication != null) {
          applicationUrls = fromApplication;
        }
        if (step == Step.FORCE_APPLICATION) {
          next = applicationUrls;
        } else if (applicationUrls != null && !applicationUrls.isEmpty()) {
          next = applicationUrls;
        } else if (interfaceUrls == null || applicationUrls == null) {
          // one side not heard yet: an empty list would be premature (the other may have providers)
          next = interfaceUrls != null && !interfaceUrls.isEmpty() ? interfaceUrls : null;
        } else {
          next = interfaceUrls;
        }
        if (next == null || next.equals(chosen)) {
          return;
        }
        chosen = next;
      }
      listener.notify(next);
    }
  }
}
