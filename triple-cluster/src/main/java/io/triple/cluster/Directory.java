package io.triple.cluster;

import io.triple.ManagedChannel;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current providers of one service, fed by registry notifications (one list per source,
 * merged) or a static list. Keeps one channel per address across updates and closes it when the
 * address goes away.
 */
final class Directory {
  private static final Logger log = LoggerFactory.getLogger(Directory.class);
  /** Provider protocols we can call. */
  static final Set<String> PROTOCOLS = Set.of("tri", "triple", "grpc");

  private final String interfaceName;
  private final String version;
  private final String group;
  private final Function<ServiceUrl, ManagedChannel> channelFactory;
  private final Provider.Ejection ejection;
  private final Map<String, List<ServiceUrl>> bySource = new LinkedHashMap<>();
  private final Map<String, Provider> providers = new LinkedHashMap<>();
  /** Per source: the versions and groups of this interface's providers that did not match (a few). */
  private final Map<String, Set<String>> othersBySource = new LinkedHashMap<>();
  private static final int MAX_OTHERS = 5;
  private volatile List<Provider> snapshot = List.of();
  /** The call timeouts the current providers publish (Dubbo's timeout parameters). */
  private volatile PublishedTimeouts publishedTimeouts = PublishedTimeouts.NONE;
  /** Whether some current provider has a tag (dubbo.tag): tag routing has work to do. */
  private volatile boolean anyTagged;
  private boolean closed;
  private boolean notified;

  Directory(String interfaceName, String version, String group,
      Function<ServiceUrl, ManagedChannel> channelFactory, Provider.Ejection ejection) {
    this.interfaceName = interfaceName;
    this.version = version == null ? "" : version;
    this.group = group == null ? "" : group;
    this.channelFactory = channelFactory;
    this.ejection = ejection;
  }

  /** Replaces the provider list heard from {@code source}. */
  void update(String source, List<ServiceUrl> urls) {
    List<ServiceUrl> accepted = new ArrayList<>();
    Set<String> others = new java.util.TreeSet<>();
    for (ServiceUrl u : urls) {
      if (!callable(u)) {
        continue;
      }
      if (versionAndGroupMatch(u)) {
        accepted.add(u);
      } else if (others.size() < MAX_OTHERS) {
        others.add(versionAndGroup(u));
      }
    }
    List<Provider> removed = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      notified = true;
      bySource.put(source, accepted);
      othersBySource.put(source, others);
      Map<String, ServiceUrl> merged = new LinkedHashMap<>();
      for (List<ServiceUrl> l : bySource.values()) {
        for (ServiceUrl u : l) {
          merged.put(u.address(), u);
        }
      }
      for (var it = providers.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!merged.containsKey(e.getKey())) {
          removed.add(e.getValue());
          it.remove();
        }
      }
      for (ServiceUrl u : merged.values()) {
        Provider p = providers.get(u.address());
        if (p == null) {
          providers.put(u.address(), new Provider(u, channelFactory, ejection));
        } else {
          p.url(u);
        }
      }
      snapshot = List.copyOf(providers.values());
      publishedTimeouts = PublishedTimeouts.of(merged.values(), interfaceName);
      anyTagged = snapshot.stream().anyMatch(p -> !TagRouter.tagOf(p).isEmpty());
      notifyAll();
    }
    removed.forEach(Provider::close);
    log.info("Providers of {}{}: {}", interfaceName, describeFilter(), snapshot);
  }

  private String describeFilter() {
    return (version.isEmpty() ? "" : " version " + version) + (group.isEmpty() ? "" : " group " + group);
  }

  /** Whether a registered URL is a provider of our interface, version and group we can call. */
  boolean accepts(ServiceUrl u) {
    return callable(u) && versionAndGroupMatch(u);
  }

  /** Whether a registered URL is an enabled provider of our interface at an address we can call. */
  private boolean callable(ServiceUrl u) {
    if (!PROTOCOLS.contains(u.protocol())) {
      return false;
    }
    if (!interfaceName.equals(u.serviceInterface())) {
      return false;
    }
    String category = u.parameter(ServiceUrl.CATEGORY);
    if (category != null && !category.isEmpty() && !category.equals(ServiceUrl.PROVIDERS_CATEGORY)) {
      return false;
    }
    if ("false".equals(u.parameter(ServiceUrl.ENABLED)) || "true".equals(u.parameter("disabled"))) {
      return false;
    }
    if (u.port() <= 0 || u.host().isEmpty() || u.host().equals("0.0.0.0")) {
      log.warn("Ignoring provider {} of {}: no usable address", u.address(), interfaceName);
      return false;
    }
    return true;
  }

  private boolean versionAndGroupMatch(ServiceUrl u) {
    if (!version.equals("*") && !version.equals(u.version())) {
      return false;
    }
    return group.equals("*") || group.equals(u.group())
        || (group.contains(",") && Arrays.asList(group.split(",")).contains(u.group()));
  }

  /** How a provider's version and group read in a message ("no version" when empty). */
  private static String versionAndGroup(ServiceUrl u) {
    return (u.version().isEmpty() ? "no version" : "version " + u.version())
        + (u.group().isEmpty() ? "" : " group " + u.group());
  }

  /**
   * When no provider matches: the versions and groups the registries do list for this interface
   * (a reference asking for version 1.0.0 of a service registered without one is a common first
   * mistake), as "; ..." for a status message; else "".
   */
  synchronized String otherVersionsHint() {
    if (!snapshot.isEmpty()) {
      return "";
    }
    Set<String> all = new java.util.TreeSet<>();
    othersBySource.values().forEach(all::addAll);
    return all.isEmpty() ? "" : "; providers of it are listed with " + String.join(", ", all)
        + ", not what this channel asks for (" + (version.isEmpty() ? "no version" : "version " + version)
        + (group.isEmpty() ? "" : " group " + group) + ")";
  }

  /** Whether some current provider has a tag. */
  boolean anyTagged() {
    return anyTagged;
  }

  /** The call timeouts the current providers publish in their URLs. */
  PublishedTimeouts publishedTimeouts() {
    return publishedTimeouts;
  }

  /** All current providers. */
  List<Provider> all() {
    return snapshot;
  }

  /**
   * Providers not ejected and not in {@code exclude}. If ejection leaves none, the ejected ones
   * are returned anyway (better to try than to fail outright).
   */
  List<Provider> candidates(Collection<Provider> exclude) {
    return candidates(snapshot, exclude);
  }

  /** As {@link #candidates(Collection)}, out of {@code all} (the providers a call's route allows). */
  List<Provider> candidates(List<Provider> all, Collection<Provider> exclude) {
    long now = System.nanoTime();
    List<Provider> out = new ArrayList<>(all.size());
    List<Provider> ejected = new ArrayList<>();
    for (Provider p : all) {
      if (exclude.contains(p)) {
        continue;
      }
      if (p.isEjected(now)) {
        ejected.add(p);
      } else {
        out.add(p);
      }
    }
    return out.isEmpty() ? ejected : out;
  }

  /** Waits until a first notification arrived; true if it did. */
  synchronized boolean awaitFirstUpdate(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!notified && !closed) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return notified;
  }

  String describe() {
    return interfaceName + describeFilter();
  }

  List<ManagedChannel> close() {
    List<Provider> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(providers.values());
      providers.clear();
      snapshot = List.of();
      notifyAll();
    }
    List<ManagedChannel> channels = new ArrayList<>();
    for (Provider p : all) {
      ManagedChannel c = p.currentChannel();
      p.close();
      if (c != null) {
        channels.add(c);
      }
    }
    return channels;
  }
}
