package io.triple.cluster.discovery;

import io.triple.registry.NotifyListener;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one interface through application-level discovery, as a Dubbo 3.3 consumer
 * finds them: the service-name mapping ({@code /dubbo/mapping/{interface}}) names the
 * applications; each application's instances ({@code /services/{app}}) are watched; each
 * instance's metadata (by revision, {@link MetadataFetcher}) says which services it serves and
 * with which URL parameters. The listener hears the interface's provider URLs, one per instance
 * serving it, after every change of mapping, instances or revisions.
 */
final class ApplicationSubscription {
  private static final Logger log = LoggerFactory.getLogger(ApplicationSubscription.class);
  /** Metadata fetches block (a call to an instance): off the registry's event thread, one at a time. */
  private static final ScheduledExecutorService FETCHER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "triple-app-discovery");
    t.setDaemon(true);
    return t;
  });
  /** How long before metadata that could not be fetched is asked for again. */
  static final long RETRY_SECONDS = 3;

  private final ServiceDiscovery discovery;
  private final String interfaceName;
  private final NotifyListener listener;
  private final MetadataFetcher fetcher;
  private final Consumer<Set<String>> mappingListener = this::onMapping;
  /** Application to its instance listener. */
  private final Map<String, Consumer<List<ServiceInstance>>> watched = new HashMap<>();
  /** Application to the provider URLs of its instances. */
  private final Map<String, List<ServiceUrl>> urlsByApp = new LinkedHashMap<>();
  /** Mapped applications whose instances have not been read yet: no list is published before they are. */
  private final Set<String> pending = new HashSet<>();
  /** Application to the instance list last heard (a retry of an older list is dropped). */
  private final Map<String, List<ServiceInstance>> latest = new HashMap<>();
  private volatile boolean closed;
  private List<ServiceUrl> last;

  ApplicationSubscription(ServiceDiscovery discovery, String interfaceName, NotifyListener listener,
      MetadataFetcher fetcher) {
    this.discovery = discovery;
    this.interfaceName = interfaceName;
    this.listener = listener;
    this.fetcher = fetcher;
  }

  void start() {
    discovery.watchMapping(interfaceName, mappingListener);
  }

  synchronized void close() {
    closed = true;
    discovery.unwatchMapping(interfaceName, mappingListener);
    watched.forEach(discovery::unwatchInstances);
    watched.clear();
  }

  private synchronized void onMapping(Set<String> apps) {
    if (closed) {
      return;
    }
    log.debug("Applications serving {}: {}", interfaceName, apps);
    for (String app : new HashSet<>(watched.keySet())) {
      if (!apps.contains(app)) {
        discovery.unwatchInstances(app, watched.remove(app));
        pending.remove(app);
        FETCHER.execute(() -> update(app, null));
      }
    }
    for (String app : apps) {
      if (!watched.containsKey(app)) {
        Consumer<List<ServiceInstance>> l = instances -> {
          synchronized (this) {
            latest.put(app, instances);
          }
          FETCHER.execute(() -> update(app, instances));
        };
        watched.put(app, l);
        pending.add(app);
        discovery.watchInstances(app, l);
      }
    }
    if (apps.isEmpty()) {
      FETCHER.execute(this::publish); // an empty first list, so the consumer stops waiting
    }
  }

  /** Rebuilds the URLs of {@code app} (null: no longer mapped) and notifies; on the fetcher thread. */
  private void update(String app, List<ServiceInstance> instances) {
    if (closed) {
      return;
    }
    List<ServiceUrl> urls = new ArrayList<>();
    boolean missing = false;
    for (ServiceInstance i : instances == null ? List.<ServiceInstance>of() : instances) {
      MetadataInfo info = fetcher.fetch(discovery, i);
      if (info == null) {
        missing = true; // left out for now; asked again below
        continue;
      }
      for (ServiceInfo s : info.services().values()) {
        if (s.name().equals(interfaceName)) {
          urls.add(providerUrl(app, i, s));
        }
      }
    }
    if (missing) {
      FETCHER.schedule(() -> {
        synchronized (this) {
          if (closed || latest.get(app) != instances) {
            return; // closed, or a newer list replaced this one
          }
        }
        update(app, instances);
      }, RETRY_SECONDS, TimeUnit.SECONDS);
    }
    synchronized (this) {
      if (instances == null) {
        urlsByApp.remove(app);
        latest.remove(app);
      } else {
        urlsByApp.put(app, urls);
        pending.remove(app);
      }
    }
    publish();
  }

  private void publish() {
    List<ServiceUrl> all = new ArrayList<>();
    synchronized (this) {
      urlsByApp.values().forEach(all::addAll);
      if (closed || !pending.isEmpty() || all.equals(last)) {
        return;
      }
      last = List.copyOf(all);
    }
    log.debug("Providers of {} by application-level discovery: {}", interfaceName, all);
    listener.notify(List.copyOf(all));
  }

  /** The provider URL of {@code service} on {@code instance}, as Dubbo's InstanceAddressURL reads. */
  static ServiceUrl providerUrl(String app, ServiceInstance instance, ServiceInfo service) {
    String protocol = service.protocol().isEmpty() ? "tri" : service.protocol();
    int port = instance.endpointPort(protocol, service.port() > 0 ? service.port() : instance.port());
    Map<String, String> p = new LinkedHashMap<>(service.params());
    p.put(ServiceUrl.INTERFACE, service.name());
    p.remove(ServiceUrl.VERSION);
    p.remove(ServiceUrl.GROUP);
    if (!service.version().isEmpty()) {
      p.put(ServiceUrl.VERSION, service.version());
    }
    if (!service.group().isEmpty()) {
      p.put(ServiceUrl.GROUP, service.group());
    }
    p.putIfAbsent(ServiceUrl.APPLICATION, app);
    p.putIfAbsent(ServiceUrl.SIDE, "provider");
    return ServiceUrl.of(protocol, instance.host(), port, service.path()).withParameters(p);
  }
}
