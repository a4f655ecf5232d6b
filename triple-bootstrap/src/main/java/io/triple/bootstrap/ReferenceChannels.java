package io.triple.bootstrap;

import io.netty.handler.ssl.SslContext;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.ForwardingManagedChannel;
import io.triple.ManagedChannel;
import io.triple.MethodDescriptor;
import io.triple.client.TripleChannel;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import io.triple.registry.ServiceUrl;
import io.triple.tls.TlsContexts;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The channels of the references under {@code dubbo.consumer.references}, one per id. */
final class ReferenceChannels {
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  /**
   * Each reference's service key and cluster, for ls: a lock of its own, since get() holds the
   * main one while a new cluster waits for its first provider list.
   */
  private final Map<String, Map.Entry<String, ClusterChannel>> clusters =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final InterceptorChains interceptors;
  private final RegistryClients registries;
  private final Extensions extensions;

  ReferenceChannels(InterceptorChains interceptors, RegistryClients registries, Extensions extensions) {
    this.interceptors = interceptors;
    this.registries = registries;
    this.extensions = extensions;
  }

  /** The channel of {@code referenceId}, created on first use; see {@link Dubbo#channel(String)}. */
  synchronized ManagedChannel get(RootConfig cfg, String referenceId) {
    ManagedChannel existing = channels.get(referenceId);
    if (existing != null) {
      return existing;
    }
    ReferenceConfig rc = config(cfg, referenceId);
    List<ClientInterceptor> chain = interceptors.forReference(cfg, referenceId, rc);
    // Dubbo separates a reference's addresses with ';' (a ',' may be inside one, in its query:
    // prefer.serialization=hessian2,fastjson2), as the validator does.
    List<String> urls = rc.url().isEmpty() ? List.of()
        : java.util.Arrays.stream(rc.url().split(";")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    ClusterChannel.Builder b = ClusterChannel.builder(rc.interfaceName())
        .version(rc.version().isEmpty() ? fromUrls(urls, ServiceUrl.VERSION) : rc.version())
        .group(rc.group().isEmpty() ? fromUrls(urls, ServiceUrl.GROUP) : rc.group())
        .application(cfg.application())
        .loadBalance(rc.loadbalance())
        .cluster(rc.cluster())
        .retries(rc.retries())
        .timeout(rc.timeout())
        // No timeout given (here or in dubbo.consumer): the providers' published one first, as Dubbo.
        .providerTimeouts(!rc.timeoutSet())
        .actives(rc.actives()) // per provider and method; 0: each provider's published actives, if any
        .tag(rc.tag());
    SslContext tls = !cfg.ssl().clientTls() ? null
        : TlsContexts.client(new File(cfg.ssl().clientTrustCertCollectionPath()),
            SslFiles.orNull(cfg.ssl().clientKeyCertChainPath()), SslFiles.orNull(cfg.ssl().clientPrivateKeyPath()));
    Integer maxBodySize = rc.maxBodySize();
    // The extensions' (activated before any reference is made): null when they have none.
    io.triple.ConnectionListener connections = extensions.clientConnectionListener();
    if (tls != null || maxBodySize != null || connections != null) {
      // The provider channels need more than the cluster's default (a plain tri:// target) says.
      b.channelFactory(u -> {
        TripleChannel.Builder ch = TripleChannel.forAddress(u.host(), u.port());
        if (tls != null) {
          ch.tls(tls);
        }
        if (maxBodySize != null) {
          ch.maxInboundMessageSize(maxBodySize);
        }
        if (connections != null) {
          ch.connectionListener(connections);
        }
        return ch.build();
      });
    }
    b.migration(rc.migration());
    if (!urls.isEmpty()) {
      b.urls(urls);
    } else {
      for (String id : rc.registryIds()) {
        // Not owned: the client is shared with other references and the providers' registrations.
        b.registry(registries.get(cfg, id), false);
      }
    }
    ClusterChannel cluster = b.build();
    if (rc.check() && rc.url().isEmpty() && cluster.providers().isEmpty()) {
      String elsewhere = cluster.listedElsewhere();
      cluster.shutdownNow();
      throw new IllegalStateException("No provider of " + rc.interfaceName()
          + (rc.version().isEmpty() ? "" : " version " + rc.version())
          + (rc.group().isEmpty() ? "" : " group " + rc.group()) + " in registries " + rc.registryIds()
          + (elsewhere.isEmpty() ? "" : " (" + elsewhere + ")")
          + " for reference '" + referenceId + "' of " + cfg.source() + ", and its check is true (Dubbo's"
          + " default; dubbo.consumer.references." + referenceId + ".check or dubbo.consumer.check): start a"
          + " provider first, or set check: false to create the channel anyway (its calls fail with"
          + " UNAVAILABLE until a provider registers)");
    }
    clusters.put(referenceId, Map.entry(RegistryPublisher.serviceKey(rc.interfaceName(),
        rc.group().isEmpty() ? fromUrls(urls, ServiceUrl.GROUP) : rc.group(),
        rc.version().isEmpty() ? fromUrls(urls, ServiceUrl.VERSION) : rc.version()), cluster));
    ManagedChannel ch = cluster;
    if (!chain.isEmpty()) {
      ch = new InterceptedManagedChannel(ch, ClientInterceptors.intercept(ch, chain));
    }
    channels.put(referenceId, ch);
    return ch;
  }

  /**
   * A parameter the reference's direct urls agree on ({@code tri://host:port?version=1.0.0}, as
   * Dubbo users write them), else "": the reference's own key wins, this fills in where it names
   * none, so such a url reaches that version instead of no provider at all.
   */
  private static String fromUrls(List<String> urls, String key) {
    String value = null;
    for (String u : urls) {
      String s = u.trim();
      if (s.isEmpty()) {
        continue;
      }
      String v = ServiceUrl.parse(s.contains("://") ? s : "tri://" + s).parameter(key, "");
      if (value != null && !value.equals(v)) {
        return ""; // they disagree: each url keeps its own, and the reference names none
      }
      value = v;
    }
    return value == null ? "" : value;
  }

  /**
   * The entry {@code referenceId} of {@code cfg}.
   *
   * @throws IllegalArgumentException if there is none, listing those there are
   */
  static ReferenceConfig config(RootConfig cfg, String referenceId) {
    ReferenceConfig rc = cfg.references().get(referenceId);
    if (rc == null) {
      throw new IllegalArgumentException("No reference '" + referenceId + "' under dubbo.consumer.references in "
          + cfg.source() + " (declared: " + cfg.references().keySet() + ")");
    }
    return rc;
  }

  /** The references made so far with the providers their clusters know now. */
  List<io.triple.bootstrap.management.ReferenceStatus> statuses() {
    List<io.triple.bootstrap.management.ReferenceStatus> out = new java.util.ArrayList<>();
    synchronized (clusters) {
      clusters.forEach((id, e) -> out.add(new io.triple.bootstrap.management.ReferenceStatus(id, e.getKey(),
          e.getValue().providers(), e.getValue().authority(), e.getValue().usableProviders())));
    }
    return out;
  }

  synchronized void shutdown() {
    channels.values().forEach(ManagedChannel::shutdown);
  }

  /** A reference's channel behind its client interceptors; shutting it down shuts the real one down. */
  private static final class InterceptedManagedChannel extends ForwardingManagedChannel {
    private final Channel intercepted;

    InterceptedManagedChannel(ManagedChannel delegate, Channel intercepted) {
      super(delegate);
      this.intercepted = intercepted;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method,
        CallOptions options) {
      return intercepted.newCall(method, options);
    }
  }
}
