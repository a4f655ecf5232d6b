package io.triple.cluster;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ClientCall;
import io.triple.Deadline;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.Status;
import io.triple.registry.LocalAddress;
import io.triple.cluster.discovery.MigrationRegistry;
import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel to every provider of one service: the providers come from registries (kept up to
 * date) or a fixed list, each call goes to one chosen by the load balancer, and failed calls are
 * handled by the cluster mode. One channel (the transport's, through {@link Channels}) per provider address, reused across
 * calls and registry updates, shut down when the provider leaves.
 *
 * <pre>{@code
 * ManagedChannel channel = ClusterChannel.builder("org.apache.dubbo.sample.tri.Greeter")
 *     .registry(Registries.create(Registries.parseAddress("127.0.0.1:2181", "zookeeper", null)), true)
 *     .loadBalance("roundrobin")
 *     .build();
 * GreeterClient client = GreeterClient.create(channel);
 * }</pre>
 *
 * <p>Cluster modes, as in Dubbo: {@code failover} (default) retries on another provider, up to
 * {@code retries} times, but only calls that certainly never reached a server (connect failure,
 * connection already closed); {@code failfast} never retries; {@code failsafe} turns a failed
 * unary call into an empty response (logged); {@code forking} sends a unary call to
 * {@code forks} providers at once and takes the first success. A provider whose calls fail to
 * connect 3 times in a row is left out for 30 s, then 60 s, ... (at most 5 min) unless it is the
 * only one left.
 *
 * <p>Calls carry {@code tri-service-version}, {@code tri-service-group} and
 * {@code tri-consumer-appname} headers, which servers use to route.
 */
public final class ClusterChannel implements ManagedChannel {
  private static final Logger log = LoggerFactory.getLogger(ClusterChannel.class);
  static final String STATIC_SOURCE = "static";

  enum Mode { FAILOVER, FAILFAST, FAILSAFE, FORKING }

  private final String interfaceName;
  private final String version;
  private final String group;
  private final String application;
  private final Mode mode;
  private final int retries;
  private final int forks;
  private final Duration timeout;
  private final boolean providerTimeouts;
  private final String tag;
  private final boolean forceTag;
  private final LoadBalancer balancer;
  private final Directory directory;
  private final List<Subscribed> subscriptions = new ArrayList<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shutdown;
  private volatile List<ManagedChannel> closing = List.of();

  private record Subscribed(Registry registry, boolean owned, NotifyListener listener, ServiceUrl consumer,
      Registry via) {}

  private ClusterChannel(Builder b) {
    this.interfaceName = b.interfaceName;
    this.version = b.version;
    this.group = b.group;
    this.application = b.application;
    this.mode = parseMode(b.cluster);
    this.retries = b.retries;
    this.forks = b.forks;
    this.timeout = b.timeout;
    this.providerTimeouts = b.providerTimeouts;
    this.tag = b.tag;
    this.forceTag = b.forceTag;
    this.balancer = LoadBalancer.forName(b.loadBalance);
    this.directory = new Directory(interfaceName, version, group, LimitedChannel.factory(b.channelFactory, b.actives),
        new Provider.Ejection(b.ejectAfter, b.ejectTime.toNanos(), Math.max(b.ejectTime.toNanos(), b.maxEjectTime.toNanos())));
  }

  private static Mode parseMode(String cluster) {
    String c = cluster == null || cluster.isBlank() ? "failover" : cluster.trim().toLowerCase(Locale.ROOT);
    return switch (c) {
      case "failover" -> Mode.FAILOVER;
      case "failfast" -> Mode.FAILFAST;
      case "failsafe" -> Mode.FAILSAFE;
      case "forking" -> Mode.FORKING;
      default -> throw new IllegalArgumentException(
          "Unknown cluster '" + cluster + "' (expected failover, failfast, failsafe or forking)");
    };
  }

  /** A builder for a channel to the providers of {@code interfaceName}. */
  public static Builder builder(String interfaceName) {
    return new Builder(interfaceName);
  }

  private void start(Builder b) {
    if (!b.staticUrls.isEmpty()) {
      directory.update(STATIC_SOURCE, b.staticUrls);
    }
    int i = 0;
    for (Map.Entry<Registry, Boolean> e : b.registries.entrySet()) {
      Registry r = e.getKey();
      String source = "registry-" + (i++) + ":" + r.url().address();
      NotifyListener l = urls -> directory.update(source, urls);
      ServiceUrl consumer = consumerUrl();
      Registry via = MigrationRegistry.wrap(r, b.migration != null ? b.migration
          : MigrationRegistry.Step.parse(r.url().parameter("migration", "")));
      subscriptions.add(new Subscribed(r, e.getValue(), l, consumer, via));
      try {
        r.register(consumer);
      } catch (RuntimeException ex) {
        log.warn("Could not register consumer {}: {}", consumer, ex.getMessage());
      }
      via.subscribe(interfaceName, l);
    }
    if (!b.registries.isEmpty()) {
      try {
        if (!directory.awaitFirstUpdate(b.initialWait.toMillis())) {
          log.warn("No provider list for {} from the registry within {} ms; calls fail until one arrives",
              directory.describe(), b.initialWait.toMillis());
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** This consumer as Dubbo registers it under {@code /dubbo/{interface}/consumers}. */
  private ServiceUrl consumerUrl() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(ServiceUrl.APPLICATION, application);
    p.put(ServiceUrl.CATEGORY, ServiceUrl.CONSUMERS_CATEGORY);
    p.put("check", "false");
    p.put("dubbo", "2.0.2");
    p.put(ServiceUrl.INTERFACE, interfaceName);
    p.put("pid", Long.toString(ProcessHandle.current().pid()));
    p.put("release", "triple-java");
    p.put(ServiceUrl.SIDE, "consumer");
    p.put(ServiceUrl.TIMESTAMP, Long.toString(System.currentTimeMillis()));
    if (!version.isEmpty()) {
      p.put(ServiceUrl.VERSION, version);
    }
    if (!group.isEmpty()) {
      p.put(ServiceUrl.GROUP, group);
    }
    return ServiceUrl.of("consumer", LocalAddress.forRegistry(null, null), 0, interfaceName).withParameters(p);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    CallOptions o = options;
    Deadline d = o.effectiveDeadline();
    if (d == null) {
      Duration published = providerTimeouts ? directory.publishedTimeouts().forMethod(method.methodName()) : null;
      Duration t = published != null ? published : timeout;
      if (t != null) {
        d = Deadline.after(t);
      }
    }
    if (d != null) {
      o = o.withDeadline(d); // one deadline for all attempts
    }
    if (shutdown) {
      return new ClusterCall<>(this, method, o, Mode.FAILFAST, 0);
    }
    if (mode == Mode.FORKING && method.type() == MethodType.UNARY) {
      return new ForkingCall<>(this, method, o, forks);
    }
    Mode m = mode == Mode.FORKING ? Mode.FAILOVER : mode;
    return new ClusterCall<>(this, method, o, m, retries);
  }

  /**
   * The request headers plus {@code tri-service-version}, {@code tri-service-group} and
   * {@code tri-consumer-appname} (unless the caller set them): servers hosting several versions
   * or groups of a service route by them.
   */
  Metadata withRoutingHeaders(Metadata headers) {
    Metadata md = headers == null ? new Metadata() : headers.copy();
    if (!version.isEmpty() && !md.containsKey("tri-service-version")) {
      md.put("tri-service-version", version);
    }
    if (!group.isEmpty() && !md.containsKey("tri-service-group")) {
      md.put("tri-service-group", group);
    }
    if (!application.isEmpty() && !md.containsKey("tri-consumer-appname")) {
      md.put("tri-consumer-appname", application);
    }
    return md;
  }

  /** The tag route of a call with these request headers (Dubbo's tag routing, {@link TagRouter}). */
  TagRouter.Route route(Metadata headers) {
    return TagRouter.of(headers, tag, forceTag);
  }

  /** A provider for a call on {@code route}, avoiding {@code tried} when others are available; null if none. */
  Provider select(MethodDescriptor<?, ?> method, Collection<Provider> tried, TagRouter.Route route) {
    if (shutdown) {
      return null;
    }
    // Routed first, over every provider (as Dubbo's router chain runs before its load balancer):
    // a retry of a gray call stays on gray providers rather than falling back to untagged ones.
    List<Provider> allowed = TagRouter.route(directory.all(), route, directory.anyTagged());
    List<Provider> c = directory.candidates(allowed, tried);
    if (c.isEmpty() && !tried.isEmpty()) {
      c = directory.candidates(allowed, Set.of());
    }
    return c.isEmpty() ? null : balancer.select(c, method.fullMethodName());
  }

  /** A provider for a call on {@code route} not in {@code chosen}; null if there is none. */
  Provider selectDistinct(MethodDescriptor<?, ?> method, Collection<Provider> chosen, TagRouter.Route route) {
    List<Provider> allowed = TagRouter.route(directory.all(), route, directory.anyTagged());
    List<Provider> c = directory.candidates(allowed, chosen);
    c.removeAll(chosen);
    return c.isEmpty() || shutdown ? null : balancer.select(c, method.fullMethodName());
  }

  /** Why a call on {@code route} found no provider. */
  Status noProvider(TagRouter.Route route) {
    if (shutdown) {
      return Status.UNAVAILABLE.withDescription("Channel to " + directory.describe() + " is shut down");
    }
    return Status.UNAVAILABLE.withDescription("No provider available for " + directory.describe()
        + (subscriptions.isEmpty() ? "" : " in registry " + subscriptions.get(0).registry().url().address())
        + route.why(directory.all().size()) + directory.otherVersionsHint());
  }

  Executor executorFor(CallOptions options) {
    return options.executor() != null ? options.executor() : ForkJoinPool.commonPool();
  }

  Directory directory() {
    return directory;
  }

  /**
   * When no provider matches this channel's version and group: the versions and groups its
   * registries do list for the interface ("providers of it are listed with version 2.0.0, not what
   * this channel asks for (version 1.0.0)"); else "". For error messages.
   */
  public String listedElsewhere() {
    String hint = directory.otherVersionsHint();
    return hint.isEmpty() ? "" : hint.substring(2);
  }

  /** The addresses of the current providers (for diagnostics and tests). */
  public List<String> providers() {
    return directory.all().stream().map(p -> p.address).toList();
  }

  /**
   * How many of the current providers are not ejected now (after consecutive connect failures):
   * those a call may choose first. For diagnostics and metrics; a snapshot.
   */
  public int usableProviders() {
    long now = System.nanoTime();
    int n = 0;
    for (Provider p : directory.all()) {
      if (!p.isEjected(now)) {
        n++;
      }
    }
    return n;
  }

  /** The service interface this channel calls. */
  @Override
  public String authority() {
    return interfaceName;
  }

  @Override
  public void shutdown() {
    synchronized (this) {
      if (shutdown) {
        return;
      }
      shutdown = true;
    }
    for (Subscribed s : subscriptions) {
      try {
        s.via().unsubscribe(interfaceName, s.listener());
        if (s.owned()) {
          s.registry().close();
        } else {
          s.registry().unregister(s.consumer());
        }
      } catch (RuntimeException e) {
        log.debug("Registry cleanup failed: {}", e.toString());
      }
    }
    List<ManagedChannel> channels = directory.close();
    closing = channels;
    Thread t = new Thread(() -> {
      for (ManagedChannel c : channels) {
        try {
          c.awaitTermination(Duration.ofMinutes(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      terminated.countDown();
    }, "triple-cluster-shutdown");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void shutdownNow() {
    shutdown();
    // Providers were closed gracefully by shutdown(); force them now.
    for (ManagedChannel c : closing) {
      c.shutdownNow();
    }
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "ClusterChannel{" + directory.describe() + ", providers=" + providers() + "}";
  }

  /** Configures a {@link ClusterChannel}. */
  public static final class Builder {
    private final String interfaceName;
    private String version = "";
    private String group = "";
    private MigrationRegistry.Step migration; // null: the registry URL's "migration", else APPLICATION_FIRST
    private String application = "";
    private String loadBalance = "random";
    private String cluster = "failover";
    private int retries = 2;
    private int forks = 2;
    private Duration timeout;
    private boolean providerTimeouts;
    private String tag = "";
    private boolean forceTag;
    private int actives;
    private Duration initialWait = Duration.ofSeconds(3);
    private int ejectAfter = 3;
    private Duration ejectTime = Duration.ofSeconds(30);
    private Duration maxEjectTime = Duration.ofMinutes(5);
    private final Map<Registry, Boolean> registries = new LinkedHashMap<>();
    private final List<ServiceUrl> staticUrls = new ArrayList<>();
    private Function<ServiceUrl, ManagedChannel> channelFactory =
        u -> Channels.forTarget("tri://" + u.address());

    private Builder(String interfaceName) {
      this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
      if (interfaceName.isBlank()) {
        throw new IllegalArgumentException("interfaceName must not be empty");
      }
    }

    /** Providers from this registry. {@code owned}: the channel closes it when shut down. */
    public Builder registry(Registry registry, boolean owned) {
      registries.put(Objects.requireNonNull(registry), owned);
      return this;
    }

    /**
     * A fixed provider list: {@code tri://host:port} URLs (or bare {@code host:port}); a
     * {@code weight} parameter is honoured.
     */
    public Builder urls(List<String> urls) {
      for (String u : urls) {
        String s = u.trim();
        if (s.isEmpty()) {
          continue;
        }
        ServiceUrl parsed = ServiceUrl.parse(s.contains("://") ? s : "tri://" + s);
        if (parsed.protocol().equals("http") || parsed.protocol().equals("h2c")) {
          parsed = parsed.withProtocol("tri");
        }
        staticUrls.add(parsed.withPath(interfaceName).withParameter(ServiceUrl.INTERFACE, interfaceName)
            .withParameter(ServiceUrl.VERSION, parsed.parameter(ServiceUrl.VERSION, version))
            .withParameter(ServiceUrl.GROUP, parsed.parameter(ServiceUrl.GROUP, group)));
      }
      return this;
    }

    /**
     * How providers are found in registries, as Dubbo 3's consumer migration step
     * ({@code dubbo.application.service-discovery.migration}): {@code FORCE_INTERFACE},
     * {@code APPLICATION_FIRST} (default) or {@code FORCE_APPLICATION}; see {@link MigrationRegistry}.
     */
    public Builder migration(String step) {
      this.migration = step == null || step.isBlank() ? null : MigrationRegistry.Step.parse(step);
      return this;
    }

    /** Service version to call (Dubbo {@code version}); only providers with it are used. */
    public Builder version(String version) {
      this.version = version == null ? "" : version;
      return this;
    }

    /** Service group to call (Dubbo {@code group}); {@code *} for any. */
    public Builder group(String group) {
      this.group = group == null ? "" : group;
      return this;
    }

    /** This application's name, sent as {@code tri-consumer-appname} and registered. */
    public Builder application(String application) {
      this.application = application == null ? "" : application;
      return this;
    }

    /** {@code random} (default), {@code roundrobin}, {@code leastactive}, {@code p2c} / {@code adaptive}. */
    public Builder loadBalance(String name) {
      LoadBalancer.forName(name); // validate now
      this.loadBalance = name;
      return this;
    }

    /** {@code failover} (default), {@code failfast}, {@code failsafe} or {@code forking}. */
    public Builder cluster(String name) {
      parseMode(name);
      this.cluster = name;
      return this;
    }

    /** Extra attempts of the failover mode; default 2. */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be >= 0");
      }
      this.retries = retries;
      return this;
    }

    /** Providers a forking call goes to; default 2. */
    public Builder forks(int forks) {
      this.forks = Math.max(1, forks);
      return this;
    }

    /** Timeout for calls made without a deadline; default none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Whether a call made without a deadline takes the timeout the providers publish in their
     * registry URLs ({@code timeout}, ms, as Dubbo's providers publish it, or {@code
     * <method>.timeout} for one method; the largest when they differ) before {@link
     * #timeout(Duration)}: Dubbo's consumers do, when they set no timeout of
     * their own. Default false.
     */
    public Builder providerTimeouts(boolean use) {
      this.providerTimeouts = use;
      return this;
    }

    /**
     * The tag calls route by unless they carry their own {@code dubbo.tag} header (Dubbo's tag
     * routing): a tagged call goes to the providers with its tag, else to the untagged ones; an
     * untagged call to untagged providers only. Default none.
     */
    public Builder tag(String tag) {
      this.tag = tag == null ? "" : tag.trim();
      return this;
    }

    /**
     * Whether a tagged call with no provider of its tag fails (UNAVAILABLE) instead of going to the
     * untagged ones (Dubbo's {@code dubbo.force.tag}); a call's own {@code dubbo.force.tag} header
     * wins. Default false.
     */
    public Builder forceTag(boolean force) {
      this.forceTag = force;
      return this;
    }

    /**
     * At most this many calls in flight per provider and method (Dubbo's {@code actives}); a call
     * over it waits, unsent, for one to end, until its deadline. 0 (the default): the limit a
     * provider publishes in its URL ({@code actives=<n>}), if any, as Dubbo's consumers apply it.
     */
    public Builder actives(int actives) {
      this.actives = Math.max(0, actives);
      return this;
    }

    /** How long {@link #build()} waits for the registry's first provider list; default 3 s. */
    public Builder initialWait(Duration wait) {
      this.initialWait = Objects.requireNonNull(wait);
      return this;
    }

    /**
     * Ejection of failing providers: after {@code consecutiveFailures} calls in a row failed to
     * connect, a provider is left out for {@code time}, doubling each time up to {@code max}.
     */
    public Builder ejection(int consecutiveFailures, Duration time, Duration max) {
      this.ejectAfter = Math.max(1, consecutiveFailures);
      this.ejectTime = Objects.requireNonNull(time);
      this.maxEjectTime = Objects.requireNonNull(max);
      return this;
    }

    /**
     * How provider channels are made; default {@code Channels.forTarget("tri://host:port")}, the
     * transport on the class path (triple-netty's {@code TripleChannel}) with default settings.
     */
    public Builder channelFactory(Function<ServiceUrl, ManagedChannel> factory) {
      this.channelFactory = Objects.requireNonNull(factory);
      return this;
    }

    /** Builds the channel, subscribing to the registries (waiting for their first list). */
    public ClusterChannel build() {
      if (registries.isEmpty() && staticUrls.isEmpty()) {
        throw new IllegalStateException("No providers: give a registry or urls");
      }
      ClusterChannel c = new ClusterChannel(this);
      c.start(this);
      return c;
    }
  }
}
