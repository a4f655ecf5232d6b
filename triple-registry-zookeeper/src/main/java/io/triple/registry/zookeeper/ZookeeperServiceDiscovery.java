package io.triple.registry.zookeeper;

import io.triple.registry.RegistryException;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Dubbo 3's application-level discovery in ZooKeeper, in Dubbo's layout:
 *
 * <pre>
 * /services/{app}/{host:port}            ephemeral, Curator's instance JSON ({@link CuratorInstances})
 * /dubbo/mapping/{interface}             persistent, "app1,app2" (updated by compare-and-set)
 * /dubbo/metadata/{app}/{revision}       persistent, MetadataInfo JSON (the metadata report)
 * </pre>
 *
 * The instance root is {@code /services} unless the registry URL sets {@code rootPath}; mapping and
 * metadata live under the registry's root ({@code /dubbo}, or its {@code group}).
 *
 * <p>As the registry's own nodes, each instance is a Curator {@link PersistentNode} in
 * {@code EPHEMERAL} mode: Curator re-creates it after a reconnect, after a session expiry and if
 * anyone deletes it. Watches run on the registry's worker thread and are read again (re-armed)
 * whenever the registry's connection-state listener hears CONNECTED or RECONNECTED
 * ({@link #onConnected}), which also re-applies this process's mappings should ZooKeeper have lost
 * them. Instance nodes are deleted within the registry's bounded unregistration ({@code unregister.timeout}).
 */
final class ZookeeperServiceDiscovery implements ServiceDiscovery {
  private static final Logger log = LoggerFactory.getLogger(ZookeeperServiceDiscovery.class);
  private static final int CAS_RETRIES = 6;

  private final CuratorFramework client;
  private final String servicesRoot;
  private final String root;
  private final Consumer<Runnable> worker;
  /** Closes (deletes) nodes within the registry's unregistration budget; true if in time. */
  private final Predicate<List<PersistentNode>> closer;
  private final long timeoutMs;
  /** Node path to the recipe keeping the instance registered there. */
  private final Map<String, PersistentNode> registered = new ConcurrentHashMap<>();
  /** Interface to application, as this process mapped them (re-applied after reconnects). */
  private final Set<Map.Entry<String, String>> mapped = ConcurrentHashMap.newKeySet();
  private final Map<String, Watch<List<ServiceInstance>>> instanceWatches = new ConcurrentHashMap<>();
  private final Map<String, Watch<Set<String>>> mappingWatches = new ConcurrentHashMap<>();

  private volatile boolean closed;

  ZookeeperServiceDiscovery(CuratorFramework client, String servicesRoot, String root, Consumer<Runnable> worker,
      Predicate<List<PersistentNode>> closer, long timeoutMs) {
    this.client = client;
    this.servicesRoot = servicesRoot;
    this.root = root;
    this.worker = worker;
    this.closer = closer;
    this.timeoutMs = timeoutMs;
  }

  private String instancePath(ServiceInstance i) {
    return servicesRoot + "/" + i.serviceName() + "/" + i.id();
  }

  private String mappingPath(String interfaceName) {
    return root + "/mapping/" + interfaceName;
  }

  @Override
  public void register(ServiceInstance instance) {
    if (closed) {
      throw new IllegalStateException("Service discovery is closed");
    }
    String path = instancePath(instance);
    byte[] data = CuratorInstances.toJson(instance, System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
    PersistentNode node;
    PersistentNode replaced = null;
    synchronized (this) {
      node = registered.get(path);
      if (node != null) {
        try {
          node.setData(data); // a new revision: same node, new record
          log.info("Updated instance {} of {} (revision {})", instance.id(), instance.serviceName(),
              instance.revision());
          return;
        } catch (IllegalStateException notCreatedYet) {
          replaced = node; // never reached ZooKeeper: start over with the new record
        } catch (Exception e) {
          throw new RegistryException("Failed to update instance " + instance.id() + " of "
              + instance.serviceName() + ": " + e, e);
        }
      }
      // Parents as Curator's service discovery (and so Dubbo) makes them: containers.
      node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
      registered.put(path, node);
    }
    if (replaced != null) {
      closer.test(List.of(replaced));
    }
    node.start();
    boolean created;
    try {
      created = node.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      created = false;
    }
    if (!created) {
      throw new RegistryException("Failed to register instance " + instance.id() + " of "
          + instance.serviceName() + " within " + timeoutMs + " ms (kept; created when ZooKeeper is reachable)");
    }
    log.info("Registered instance {} of {} (revision {})", instance.id(), instance.serviceName(),
        instance.revision());
  }

  @Override
  public void unregister(ServiceInstance instance) {
    PersistentNode node = registered.remove(instancePath(instance));
    if (node != null) {
      closer.test(List.of(node)); // bounded; not waiting while disconnected (ephemeral anyway)
    }
  }

  @Override
  public List<ServiceInstance> instances(String app) {
    try {
      return readInstances(app);
    } catch (Exception e) {
      throw new RegistryException("Cannot read instances of " + app + ": " + e, e);
    }
  }

  /** A one-off read without watches (a watched application is read by its {@link InstanceNodes}). */
  private List<ServiceInstance> readInstances(String app) throws Exception {
    String dir = servicesRoot + "/" + app;
    List<String> children;
    try {
      children = client.getChildren().forPath(dir);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
    List<ServiceInstance> out = new ArrayList<>();
    for (String child : children) {
      try {
        byte[] data = client.getData().forPath(dir + "/" + child);
        out.add(CuratorInstances.fromJson(new String(data, StandardCharsets.UTF_8)));
      } catch (KeeperException.NoNodeException gone) {
        // removed while reading
      } catch (IllegalArgumentException e) {
        log.warn("Ignoring unreadable instance node {}/{}: {}", dir, child, e.getMessage());
      }
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return List.copyOf(out);
  }

  @Override
  public void watchInstances(String app, Consumer<List<ServiceInstance>> listener) {
    Watch<List<ServiceInstance>> w = instanceWatches.computeIfAbsent(app, a -> {
      InstanceNodes nodes = new InstanceNodes(client, servicesRoot + "/" + a);
      return new Watch<>(a, new Watch.Reader<>() {
        @Override
        public List<ServiceInstance> read(CuratorWatcher watcher) throws Exception {
          return nodes.read(watcher);
        }

        @Override
        public void changed(String path) {
          nodes.changed(path);
        }

        @Override
        public void forget() {
          nodes.forget();
        }

        @Override
        public long dataReads() {
          return nodes.dataReads();
        }
      });
    });
    w.add(listener);
  }

  @Override
  public void unwatchInstances(String app, Consumer<List<ServiceInstance>> listener) {
    Watch<List<ServiceInstance>> w = instanceWatches.get(app);
    if (w != null && w.remove(listener)) {
      instanceWatches.remove(app, w);
    }
  }

  @Override
  public void map(String interfaceName, String app) {
    mapped.add(Map.entry(interfaceName, app));
    String path = mappingPath(interfaceName);
    for (int attempt = 0; attempt <= CAS_RETRIES; attempt++) {
      try {
        Stat stat = new Stat();
        byte[] data;
        try {
          data = client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
          try {
            client.create().creatingParentsIfNeeded().forPath(path, app.getBytes(StandardCharsets.UTF_8));
            return;
          } catch (KeeperException.NodeExistsException raced) {
            continue;
          }
        }
        Set<String> apps = parseApps(data);
        if (apps.contains(app)) {
          return;
        }
        String old = data == null ? "" : new String(data, StandardCharsets.UTF_8).trim();
        String content = old.isEmpty() ? app : old + "," + app;
        client.setData().withVersion(stat.getVersion()).forPath(path, content.getBytes(StandardCharsets.UTF_8));
        return;
      } catch (KeeperException.BadVersionException conflict) {
        sleepQuietly(ThreadLocalRandom.current().nextInt(10, 100));
      } catch (Exception e) {
        throw new RegistryException("Failed to map " + interfaceName + " to " + app + ": " + e, e);
      }
    }
    throw new RegistryException("Failed to map " + interfaceName + " to " + app + ": "
        + "concurrent updates kept winning after " + CAS_RETRIES + " retries");
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Set<String> parseApps(byte[] data) {
    Set<String> apps = new LinkedHashSet<>();
    if (data != null) {
      for (String a : new String(data, StandardCharsets.UTF_8).split(",")) {
        if (!a.isBlank()) {
          apps.add(a.trim());
        }
      }
    }
    return apps;
  }

  @Override
  public Set<String> mappedApplications(String interfaceName) {
    try {
      return readMapping(interfaceName, null);
    } catch (Exception e) {
      throw new RegistryException("Cannot read the mapping of " + interfaceName + ": " + e, e);
    }
  }

  private Set<String> readMapping(String interfaceName, CuratorWatcher watcher) throws Exception {
    String path = mappingPath(interfaceName);
    try {
      byte[] data = watcher == null ? client.getData().forPath(path)
          : client.getData().usingWatcher(watcher).forPath(path);
      return Set.copyOf(parseApps(data));
    } catch (KeeperException.NoNodeException e) {
      if (watcher != null) {
        client.checkExists().usingWatcher(watcher).forPath(path);
      }
      return Set.of();
    }
  }

  @Override
  public void watchMapping(String interfaceName, Consumer<Set<String>> listener) {
    Watch<Set<String>> w = mappingWatches.computeIfAbsent(interfaceName,
        i -> new Watch<>(i, watcher -> readMapping(i, watcher)));
    w.add(listener);
  }

  @Override
  public void unwatchMapping(String interfaceName, Consumer<Set<String>> listener) {
    Watch<Set<String>> w = mappingWatches.get(interfaceName);
    if (w != null && w.remove(listener)) {
      mappingWatches.remove(interfaceName, w);
    }
  }

  @Override
  public void publishMetadata(MetadataInfo metadata) {
    String path = root + "/metadata/" + metadata.app() + "/" + metadata.revision();
    byte[] data = metadata.toJson().getBytes(StandardCharsets.UTF_8);
    try {
      try {
        client.create().creatingParentsIfNeeded().forPath(path, data);
      } catch (KeeperException.NodeExistsException e) {
        client.setData().forPath(path, data);
      }
    } catch (Exception e) {
      throw new RegistryException("Failed to publish metadata " + path + ": " + e, e);
    }
  }

  @Override
  public MetadataInfo reportedMetadata(String app, String revision) {
    String path = root + "/metadata/" + app + "/" + revision;
    try {
      return MetadataInfo.fromJson(new String(client.getData().forPath(path), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return null;
    } catch (Exception e) {
      throw new RegistryException("Cannot read metadata " + path + ": " + e, e);
    }
  }

  /**
   * After (re)connecting (on the registry's worker): re-reads every watch, setting its watchers
   * again (a new session has none), and re-applies this process's mappings should ZooKeeper have
   * lost them. The instance nodes need nothing: their recipes re-create them.
   */
  void onConnected() {
    if (closed) {
      return;
    }
    instanceWatches.values().forEach(Watch::reread);
    mappingWatches.values().forEach(Watch::reread);
    for (Map.Entry<String, String> m : mapped) {
      try {
        map(m.getKey(), m.getValue());
      } catch (RuntimeException e) {
        log.debug("Cannot map {} to {} now: {}", m.getKey(), m.getValue(), e.toString());
      }
    }
  }

  /** Stops watching and hands over the instance nodes for the registry's bounded close. */
  synchronized List<PersistentNode> close() {
    closed = true;
    List<PersistentNode> nodes = new ArrayList<>(registered.values());
    registered.clear();
    instanceWatches.clear();
    mappingWatches.clear();
    return nodes;
  }

  /** Instance nodes read so far for the watch of {@code app} (for tests). */
  long instanceDataReads(String app) {
    Watch<List<ServiceInstance>> w = instanceWatches.get(app);
    return w == null ? 0 : w.reader.dataReads();
  }

  /** Our instance node paths (for tests). */
  Set<String> registeredPaths() {
    return Set.copyOf(registered.keySet());
  }

  /** Reads a node (setting a watch) on the worker, again after every change; notifies changes. */
  private final class Watch<T> implements CuratorWatcher {
    interface Reader<T> {
      T read(CuratorWatcher watcher) throws Exception;

      /** ZooKeeper reported a change at {@code path} (on the worker, before the re-read). */
      default void changed(String path) {}

      /** Drop whatever was kept between reads (on the worker, before a re-read after a reconnect). */
      default void forget() {}

      default long dataReads() {
        return 0;
      }
    }

    final String key;
    final Reader<T> reader;
    final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    volatile T last;

    Watch(String key, Reader<T> reader) {
      this.key = key;
      this.reader = reader;
    }

    void add(Consumer<T> l) {
      listeners.add(l);
      T known = last;
      if (known != null) {
        worker.accept(() -> l.accept(known));
      }
      worker.accept(this::refresh);
    }

    /** True when no listener is left. */
    boolean remove(Consumer<T> l) {
      listeners.remove(l);
      return listeners.isEmpty();
    }

    @Override
    public void process(WatchedEvent event) {
      if (event.getType() != Watcher.Event.EventType.None) {
        String path = event.getPath();
        worker.accept(() -> {
          reader.changed(path); // on the worker, so no read in progress keeps the stale record
          refresh();
        });
      }
    }

    /** Reads from scratch (after a reconnect). */
    void reread() {
      reader.forget();
      refresh();
    }

    void refresh() {
      if (listeners.isEmpty()) {
        return;
      }
      T now;
      try {
        now = reader.read(this);
      } catch (Exception e) {
        log.debug("Cannot read {} now ({}); will re-read on reconnect", key, e.toString());
        return;
      }
      if (Objects.equals(now, last)) {
        return;
      }
      last = now;
      for (Consumer<T> l : listeners) {
        try {
          l.accept(now);
        } catch (RuntimeException e) {
          log.warn("Discovery listener failed", e);
        }
      }
    }
  }
}
