package io.triple.registry.zookeeper;

import io.triple.registry.NotifyListener;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.RegistryException;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Registry} on ZooKeeper, in Apache Dubbo's interface-level layout so Dubbo Java
 * providers and consumers see ours and we see theirs:
 *
 * <pre>
 * /dubbo/{interface}/providers/{URL-encoded provider URL}   ephemeral
 * /dubbo/{interface}/consumers/{URL-encoded consumer URL}   ephemeral
 * </pre>
 *
 * (parents persistent). The root is {@code /dubbo} unless the registry URL has a {@code group}
 * parameter, as in Dubbo.
 *
 * <p>Subscribers watch the providers directory; each change re-reads the children and notifies
 * the whole list. Losing the connection notifies nothing (subscribers keep their last list); when
 * the session comes back, or a new session replaces an expired one, our nodes are re-created and
 * every subscription re-read.
 *
 * <p>Registry URL parameters: {@code timeout} (connect timeout, ms, default 3000), {@code session}
 * (session timeout, ms, default 60000), {@code backup} (more {@code host:port}s), {@code group}.
 */
public final class ZookeeperRegistry implements Registry {
  private static final Logger log = LoggerFactory.getLogger(ZookeeperRegistry.class);

  private final ServiceUrl url;
  private final String root;
  private final long timeoutMs;
  private final CuratorFramework client;
  /** Node path to registered URL. */
  private final Map<String, ServiceUrl> registered = new ConcurrentHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  /** Serializes reads and notifications, off ZooKeeper's event thread. */
  private final ExecutorService worker;
  private volatile boolean closed;

  ZookeeperRegistry(ServiceUrl url) {
    this.url = url;
    String group = url.parameter("group", "dubbo");
    this.root = group.startsWith("/") ? group : "/" + group;
    this.timeoutMs = url.longParameter("timeout", 3000);
    int sessionMs = url.intParameter("session", 60_000);
    String connect = String.join(",", Registries.hosts(url));
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "triple-zookeeper-registry");
      t.setDaemon(true);
      return t;
    });
    this.client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .connectionTimeoutMs((int) timeoutMs)
        .sessionTimeoutMs(sessionMs)
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
        .build();
    client.getConnectionStateListenable().addListener((c, state) -> onStateChange(state));
    client.start();
    try {
      if (!client.blockUntilConnected((int) timeoutMs, TimeUnit.MILLISECONDS)) {
        // Keep going: registrations and subscriptions are kept and applied on connect.
        log.warn("ZooKeeper at {} not reachable within {} ms; will keep trying", connect, timeoutMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      worker.shutdownNow();
      throw new RegistryException("Interrupted while connecting to ZooKeeper at " + connect, e);
    }
  }

  @Override
  public ServiceUrl url() {
    return url;
  }

  /** The node a URL is registered as. */
  String nodePath(ServiceUrl u) {
    return categoryPath(u.serviceInterface(), u.category()) + "/" + ServiceUrl.encode(u.toFullString());
  }

  private String categoryPath(String interfaceName, String category) {
    return root + "/" + interfaceName + "/" + category;
  }

  @Override
  public void register(ServiceUrl u) {
    checkOpen();
    String path = nodePath(u);
    registered.put(path, u);
    try {
      createEphemeral(path);
      log.info("Registered {} in ZooKeeper {}", u, url.address());
    } catch (Exception e) {
      throw new RegistryException("Failed to register " + u + " at zookeeper://" + url.address()
          + " (kept; retried on reconnect): " + e, e);
    }
  }

  /** Creates the node, replacing one left over by an older session (which would expire soon). */
  private void createEphemeral(String path) throws Exception {
    long session = client.getZookeeperClient().getZooKeeper().getSessionId();
    Stat stat = client.checkExists().forPath(path);
    if (stat != null) {
      if (stat.getEphemeralOwner() == session) {
        return;
      }
      try {
        client.delete().forPath(path);
      } catch (KeeperException.NoNodeException ignored) {
        // gone already
      }
    }
    try {
      client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path);
    } catch (KeeperException.NodeExistsException ignored) {
      // created concurrently by a reconnect
    }
  }

  @Override
  public void unregister(ServiceUrl u) {
    String path = nodePath(u);
    registered.remove(path);
    if (closed || !client.getZookeeperClient().isConnected()) {
      return; // ephemeral: goes with the session; don't block shutdown retrying
    }
    try {
      client.delete().forPath(path);
      log.info("Unregistered {}", u);
    } catch (KeeperException.NoNodeException ignored) {
      // already gone
    } catch (Exception e) {
      log.warn("Failed to unregister {} (its node is ephemeral and goes with the session): {}", u, e.toString());
    }
  }

  @Override
  public void subscribe(String interfaceName, NotifyListener listener) {
    checkOpen();
    Subscription s = subscriptions.computeIfAbsent(interfaceName, Subscription::new);
    s.listeners.add(listener);
    List<ServiceUrl> known = s.last;
    if (known != null) {
      submit(() -> listener.notify(known));
    }
    submit(s::refresh);
  }

  @Override
  public void unsubscribe(String interfaceName, NotifyListener listener) {
    Subscription s = subscriptions.get(interfaceName);
    if (s != null) {
      s.listeners.remove(listener);
      if (s.listeners.isEmpty()) {
        subscriptions.remove(interfaceName, s);
      }
    }
  }

  private void onStateChange(ConnectionState state) {
    log.debug("ZooKeeper {} connection: {}", url.address(), state);
    switch (state) {
      case SUSPENDED, LOST -> log.warn("ZooKeeper {} connection {}; keeping the last known providers", url.address(),
          state == ConnectionState.LOST ? "lost (session expired)" : "suspended");
      case CONNECTED, RECONNECTED -> submit(this::recover);
      default -> { }
    }
  }

  /** After (re)connecting: re-create our nodes and re-read every subscription. */
  private void recover() {
    for (String path : registered.keySet()) {
      try {
        createEphemeral(path);
      } catch (Exception e) {
        log.warn("Failed to re-register {}: {}", path, e.toString());
      }
    }
    if (!registered.isEmpty()) {
      log.info("Re-registered {} node(s) in ZooKeeper {}", registered.size(), url.address());
    }
    subscriptions.values().forEach(Subscription::refresh);
  }

  private void submit(Runnable r) {
    if (closed) {
      return;
    }
    try {
      worker.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("ZooKeeper registry task failed", e);
        }
      });
    } catch (RejectedExecutionException ignored) {
      // closing
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Registry " + url.address() + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean connected = client.getZookeeperClient().isConnected();
    for (String path : connected ? registered.keySet() : Set.<String>of()) {
      try {
        client.delete().forPath(path);
      } catch (Exception ignored) {
        // ephemeral: goes with the session anyway
      }
    }
    registered.clear();
    subscriptions.clear();
    worker.shutdownNow();
    client.close();
  }

  /** One watched providers directory and its listeners. */
  private final class Subscription implements CuratorWatcher {
    final String interfaceName;
    final String path;
    final List<NotifyListener> listeners = new CopyOnWriteArrayList<>();
    volatile List<ServiceUrl> last;

    Subscription(String interfaceName) {
      this.interfaceName = interfaceName;
      this.path = categoryPath(interfaceName, ServiceUrl.PROVIDERS_CATEGORY);
    }

    @Override
    public void process(WatchedEvent event) {
      if (event.getType() != Watcher.Event.EventType.None) {
        submit(this::refresh); // one-shot watch fired: re-read and watch again
      }
    }

    /** Reads the children (setting the watch again) and notifies; runs on the worker. */
    void refresh() {
      if (closed || subscriptions.get(interfaceName) != this) {
        return;
      }
      List<String> children;
      try {
        if (client.checkExists().forPath(path) == null) {
          client.create().creatingParentsIfNeeded().forPath(path);
        }
      } catch (KeeperException.NodeExistsException ignored) {
        // fine
      } catch (Exception e) {
        log.debug("Cannot read {} now ({}); will re-read on reconnect", path, e.toString());
        return;
      }
      try {
        children = client.getChildren().usingWatcher(this).forPath(path);
      } catch (Exception e) {
        log.debug("Cannot read {} now ({}); will re-read on reconnect", path, e.toString());
        return;
      }
      List<ServiceUrl> urls = new ArrayList<>(children.size());
      for (String child : children) {
        try {
          urls.add(ServiceUrl.parse(ServiceUrl.decode(child)));
        } catch (IllegalArgumentException e) {
          log.warn("Ignoring unparseable provider node {}/{}: {}", path, child, e.getMessage());
        }
      }
      List<ServiceUrl> snapshot = List.copyOf(urls);
      if (snapshot.equals(last)) {
        return;
      }
      last = snapshot;
      log.debug("Providers of {}: {}", interfaceName, snapshot);
      for (NotifyListener l : listeners) {
        try {
          l.notify(snapshot);
        } catch (RuntimeException e) {
          log.warn("Registry listener failed", e);
        }
      }
    }
  }

  /** The Curator client (for tests). */
  CuratorFramework client() {
    return client;
  }

  /** Our registered node paths (for tests and diagnostics). */
  Set<String> registeredPaths() {
    return Set.copyOf(registered.keySet());
  }
}
