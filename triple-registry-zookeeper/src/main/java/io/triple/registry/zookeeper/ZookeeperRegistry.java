package io.triple.registry.zookeeper;

import io.triple.registry.NotifyListener;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.RegistryException;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.cache.CuratorCacheStorage;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
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
 * <p>Built on Curator's recipes rather than hand-written recovery: each registration is a
 * {@link PersistentNode} in {@code EPHEMERAL} mode (Curator re-creates it after a reconnect, after
 * a session expiry, and if anyone deletes it), each subscription a {@link CuratorCache} on the
 * providers directory (a persistent recursive watch, re-synchronised by Curator after reconnects
 * and new sessions). Losing the connection notifies nothing: subscribers keep their last list.
 *
 * <p>Registry URL parameters: {@code timeout} (connect timeout, ms, default 3000), {@code session}
 * (session timeout, ms, default 60000), {@code backup} (more {@code host:port}s), {@code group},
 * {@code unregister.timeout} (ms, default 3000: the most that {@link #unregister} and
 * {@link #close} together wait for ZooKeeper; past it the nodes are left to expire with the
 * session), {@code ensemble.tracker} (default true: follow the ensemble's member list in
 * {@code /zookeeper/config}, Curator's default; false: only ever the configured addresses).
 */
public final class ZookeeperRegistry implements Registry {
  private static final Logger log = LoggerFactory.getLogger(ZookeeperRegistry.class);
  /** What Dubbo's nodes hold: Curator's default data, the local address. */
  private static final byte[] NODE_DATA = CuratorFrameworkFactory.getLocalAddress();

  private final ServiceUrl url;
  private final String root;
  private final long timeoutMs;
  private final CuratorFramework client;
  /** Node path to its recipe. */
  private final Map<String, PersistentNode> registered = new ConcurrentHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  /** Serializes notifications, off ZooKeeper's event thread. */
  private final ExecutorService worker;
  /** Runs deletions that may hang on an unreachable ZooKeeper, so callers can stop waiting. */
  private final ThreadFactory closers;
  /** What is left of the time unregistrations and close may spend waiting for ZooKeeper. */
  private final AtomicLong unregisterBudgetNanos;
  private final ZookeeperServiceDiscovery discovery;
  /** Whether the ZooKeeper session is connected, as Curator's connection states last said. */
  private volatile boolean connected;
  private final List<Consumer<Boolean>> availabilityListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  ZookeeperRegistry(ServiceUrl url) {
    this.url = url;
    String group = url.parameter("group", "dubbo");
    this.root = group.startsWith("/") ? group : "/" + group;
    this.timeoutMs = url.longParameter("timeout", 3000);
    this.unregisterBudgetNanos = new AtomicLong(
        TimeUnit.MILLISECONDS.toNanos(Math.max(0, url.longParameter("unregister.timeout", 3000))));
    int sessionMs = url.intParameter("session", 60_000);
    String connect = String.join(",", Registries.hosts(url));
    this.worker = Executors.newSingleThreadExecutor(daemon("triple-zookeeper-registry"));
    this.closers = daemon("triple-zookeeper-unregister");
    this.client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .connectionTimeoutMs((int) timeoutMs)
        .sessionTimeoutMs(sessionMs)
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
        // Curator follows the ensemble's own member list (/zookeeper/config) by default; behind
        // a proxy, NAT or a Kubernetes service those addresses may not be reachable from here.
        .ensembleTracker(!"false".equalsIgnoreCase(url.parameter("ensemble.tracker", "true")))
        .build();
    String servicesRoot = url.parameter("rootPath", "/services");
    this.discovery = new ZookeeperServiceDiscovery(client,
        servicesRoot.startsWith("/") ? servicesRoot : "/" + servicesRoot, root, this::submit,
        nodes -> closeBounded(nodes, false), timeoutMs);
    client.getConnectionStateListenable().addListener((c, state) -> onStateChange(state));
    client.start();
    try {
      if (client.blockUntilConnected((int) timeoutMs, TimeUnit.MILLISECONDS)) {
        // The CONNECTED event may still be on its way to onStateChange: callers read this now.
        connected = client.getZookeeperClient().isConnected();
      } else {
        // Keep going: the recipes create nodes and read directories once connected.
        log.warn("ZooKeeper at {} not reachable within {} ms; will keep trying", connect, timeoutMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      worker.shutdownNow();
      throw new RegistryException("Interrupted while connecting to ZooKeeper at " + connect, e);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
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

  /** Dubbo 3's application-level discovery on this ZooKeeper ({@link ZookeeperServiceDiscovery}). */
  @Override
  public io.triple.registry.discovery.ServiceDiscovery serviceDiscovery() {
    return discovery;
  }

  @Override
  public void register(ServiceUrl u) {
    checkOpen();
    String path = nodePath(u);
    PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, NODE_DATA);
    if (registered.putIfAbsent(path, node) != null) {
      return; // already registered
    }
    // PersistentNode would create missing parents as containers; Dubbo's are persistent.
    ensurePersistent(ZKPaths.getPathAndNode(path).getPath());
    node.start();
    boolean created;
    try {
      created = node.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      created = false;
    }
    if (!created) {
      throw new RegistryException("Failed to register " + u + " at zookeeper://" + url.address()
          + " within " + timeoutMs + " ms (kept; created when ZooKeeper is reachable)");
    }
    log.info("Registered {} in ZooKeeper {}", u, url.address());
  }

  /** Creates a persistent directory (and its parents) if missing; only when connected, never blocking for long. */
  private void ensurePersistent(String dir) {
    if (!client.getZookeeperClient().isConnected()) {
      return;
    }
    try {
      if (client.checkExists().forPath(dir) == null) {
        client.create().creatingParentsIfNeeded().forPath(dir);
      }
    } catch (KeeperException.NodeExistsException ignored) {
      // created concurrently
    } catch (Exception e) {
      log.debug("Cannot create {} now: {}", dir, e.toString());
    }
  }

  @Override
  public void unregister(ServiceUrl u) {
    PersistentNode node = registered.remove(nodePath(u));
    if (node == null) {
      return;
    }
    if (closeBounded(List.of(node), false)) {
      log.info("Unregistered {}", u);
    }
  }

  /**
   * Closes nodes (deleting them) and optionally the client, waiting at most what is left of the
   * unregistration budget; not at all while disconnected (the nodes are ephemeral: they go with
   * the session). Returns whether everything finished in time.
   */
  private boolean closeBounded(List<PersistentNode> nodes, boolean andClient) {
    Runnable work = () -> {
      for (PersistentNode n : nodes) {
        try {
          n.close();
        } catch (Exception e) {
          log.debug("Deleting {} failed: {}", n.getActualPath(), e.toString());
        }
      }
      if (andClient) {
        client.close();
      }
    };
    long budget = client.getZookeeperClient().isConnected() ? unregisterBudgetNanos.get() : 0;
    if (nodes.isEmpty() && !andClient) {
      return true;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    closers.newThread(() -> {
      try {
        work.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }).start();
    long start = System.nanoTime();
    try {
      done.get(budget, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      log.warn("ZooKeeper {} unreachable: not waiting for {} node(s) to be deleted ({}); they expire with the session",
          url.address(), nodes.size(), budget == 0 ? "disconnected" : "unregister.timeout spent");
      if (andClient) {
        closers.newThread(client::close).start(); // stops the deletions' retries
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      log.warn("Unregistering from ZooKeeper {} failed: {}", url.address(), e.getCause().toString());
      return false;
    } finally {
      unregisterBudgetNanos.addAndGet(-(System.nanoTime() - start));
    }
  }

  @Override
  public void subscribe(String interfaceName, NotifyListener listener) {
    checkOpen();
    Subscription s = subscriptions.computeIfAbsent(interfaceName, Subscription::new);
    s.listeners.add(listener);
    s.start();
    if (s.last != null) {
      submit(() -> { // read on the worker: never older than what publish() last sent
        List<ServiceUrl> known = s.last;
        if (known != null && s.listeners.contains(listener)) {
          listener.notify(known);
        }
      });
    }
  }

  @Override
  public void unsubscribe(String interfaceName, NotifyListener listener) {
    Subscription s = subscriptions.get(interfaceName);
    if (s != null) {
      s.listeners.remove(listener);
      if (s.listeners.isEmpty() && subscriptions.remove(interfaceName, s)) {
        s.close();
      }
    }
  }

  /**
   * Whether ZooKeeper is connected now (Curator's last connection state: {@code CONNECTED} or
   * {@code RECONNECTED}, not {@code SUSPENDED} or {@code LOST}); false once closed.
   */
  @Override
  public boolean isAvailable() {
    return connected && !closed;
  }

  @Override
  public void addAvailabilityListener(Consumer<Boolean> listener) {
    availabilityListeners.add(listener);
  }

  @Override
  public void removeAvailabilityListener(Consumer<Boolean> listener) {
    availabilityListeners.remove(listener);
  }

  private void onStateChange(ConnectionState state) {
    log.debug("ZooKeeper {} connection: {}", url.address(), state);
    // READ_ONLY (only with canBeReadOnly, which we never set) could not take registrations.
    boolean now = state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED;
    if (now != connected) {
      connected = now;
      for (Consumer<Boolean> l : availabilityListeners) {
        try {
          l.accept(now);
        } catch (RuntimeException e) {
          log.warn("Registry availability listener failed", e);
        }
      }
    }
    switch (state) {
      case SUSPENDED, LOST -> log.warn("ZooKeeper {} connection {}; keeping the last known providers", url.address(),
          state == ConnectionState.LOST ? "lost (session expired)" : "suspended");
      case CONNECTED, RECONNECTED -> submit(() -> {
        // The recipes restore nodes and watches; this keeps the parents persistent (Dubbo's
        // layout) when ZooKeeper lost them, before PersistentNode would make them containers.
        Set<String> dirs = new LinkedHashSet<>();
        registered.keySet().forEach(p -> dirs.add(ZKPaths.getPathAndNode(p).getPath()));
        subscriptions.values().forEach(s -> dirs.add(s.path));
        dirs.forEach(this::ensurePersistent);
        discovery.onConnected();
      });
      default -> { }
    }
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
    List<PersistentNode> nodes = new ArrayList<>(registered.values());
    registered.clear();
    subscriptions.values().forEach(Subscription::close);
    subscriptions.clear();
    nodes.addAll(discovery.close()); // deleted within the same bound
    worker.shutdownNow();
    closeBounded(nodes, true);
  }

  /** One watched providers directory and its listeners. */
  private final class Subscription {
    final String interfaceName;
    final String path;
    final List<NotifyListener> listeners = new CopyOnWriteArrayList<>();
    final CuratorCache cache;
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicBoolean scheduled = new AtomicBoolean();
    volatile boolean initialized;
    volatile List<ServiceUrl> last;
    /** Parsed URLs by node name (worker thread only). */
    Map<String, ServiceUrl> parsed = new HashMap<>();

    Subscription(String interfaceName) {
      this.interfaceName = interfaceName;
      this.path = categoryPath(interfaceName, ServiceUrl.PROVIDERS_CATEGORY);
      this.cache = CuratorCache.builder(client, path)
          .withStorage(CuratorCacheStorage.dataNotCached())
          .withExceptionHandler(e -> log.debug("Watching {}: {}", path, e.toString()))
          .build();
      cache.listenable().addListener(CuratorCacheListener.builder()
          .forInitialized(() -> {
            initialized = true;
            schedule();
          })
          .forAll((type, before, after) -> {
            if (initialized) {
              schedule();
            }
          })
          .build());
    }

    void start() {
      if (started.compareAndSet(false, true)) {
        // As Dubbo's consumers do: the providers directory exists (persistent) once watched.
        submit(() -> ensurePersistent(path));
        cache.start();
      }
    }

    void close() {
      cache.close();
    }

    /** Coalesces a burst of changes into one notification. */
    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        submit(this::publish);
      }
    }

    /** Notifies the whole current list when it changed; runs on the worker. */
    private void publish() {
      scheduled.set(false);
      if (closed || subscriptions.get(interfaceName) != this) {
        return;
      }
      List<String> children = new ArrayList<>();
      cache.stream().forEach((ChildData d) -> {
        ZKPaths.PathAndNode pn = ZKPaths.getPathAndNode(d.getPath());
        if (pn.getPath().equals(path)) {
          children.add(pn.getNode());
        }
      });
      children.sort(null);
      Map<String, ServiceUrl> next = new HashMap<>(children.size() * 2);
      List<ServiceUrl> urls = new ArrayList<>(children.size());
      for (String child : children) {
        ServiceUrl u = parsed.get(child);
        if (u == null) {
          try {
            u = ServiceUrl.parse(ServiceUrl.decode(child));
          } catch (IllegalArgumentException e) {
            log.warn("Ignoring unparseable provider node {}/{}: {}", path, child, e.getMessage());
            continue;
          }
        }
        next.put(child, u);
        urls.add(u);
      }
      parsed = next;
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
