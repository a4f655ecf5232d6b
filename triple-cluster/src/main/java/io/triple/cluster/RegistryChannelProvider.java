package io.triple.cluster;

import io.triple.ManagedChannel;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.spi.ChannelProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Makes {@code Channels.forTarget("zookeeper://127.0.0.1:2181/org.apache.dubbo.sample.tri.Greeter")}
 * (and so generated {@code XxxClient.create(uri)}) return a {@link ClusterChannel} over the
 * providers registered there. Serves every scheme a {@link io.triple.registry.RegistryFactory} on
 * the class path serves.
 *
 * <p>Query parameters: {@code version}, {@code group}, {@code application}, {@code loadbalance},
 * {@code cluster}, {@code retries}, {@code forks}, {@code timeout} (per call, milliseconds),
 * {@code migration} ({@code FORCE_INTERFACE}, {@code APPLICATION_FIRST}, {@code FORCE_APPLICATION});
 * {@code backup}, {@code session}, {@code unregister.timeout}, {@code ensemble.tracker} and
 * {@code registry.timeout} (ms) go to the registry.
 */
public final class RegistryChannelProvider implements ChannelProvider {
  @Override
  public boolean supports(URI target) {
    String scheme = target.getScheme();
    if (scheme == null) {
      return false;
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    // Direct schemes (tri, grpc, http, ...) name no registry: the transport's provider takes them.
    return Registries.factory(s) != null;
  }

  @Override
  public ManagedChannel create(URI target) {
    ServiceUrl t = ServiceUrl.parse(target.toString());
    String iface = t.path();
    if (iface.isEmpty()) {
      throw new IllegalArgumentException("No service interface in '" + target + "': expected "
          + t.protocol() + "://host:port/org.example.Service");
    }
    ServiceUrl registryUrl = ServiceUrl.of(t.protocol(), t.host(), t.port() > 0 ? t.port() : 2181, "");
    for (String k : new String[] {"backup", "session", "unregister.timeout", "ensemble.tracker"}) {
      if (t.parameter(k) != null) {
        registryUrl = registryUrl.withParameter(k, t.parameter(k));
      }
    }
    registryUrl = registryUrl.withParameter("timeout", t.parameter("registry.timeout", "3000"));
    Registry registry = Registries.create(registryUrl);
    try {
      ClusterChannel.Builder b = ClusterChannel.builder(iface)
          .registry(registry, true)
          .version(t.parameter("version", ""))
          .group(t.parameter("group", ""))
          .application(t.parameter("application", ""))
          .loadBalance(t.parameter("loadbalance", "random"))
          .cluster(t.parameter("cluster", "failover"))
          .retries(t.intParameter("retries", 2))
          .forks(t.intParameter("forks", 2))
          .migration(t.parameter("migration", ""))
          .actives(t.intParameter("actives", 0))
          .tag(t.parameter(TagRouter.TAG, t.parameter("tag", "")))
          .forceTag(Boolean.parseBoolean(t.parameter(TagRouter.FORCE, "false")));
      long timeoutMs = t.longParameter("timeout", 0);
      if (timeoutMs > 0) {
        b.timeout(Duration.ofMillis(timeoutMs));
      } else {
        b.providerTimeouts(true); // none given: the providers' own, as a Dubbo consumer takes it
      }
      return b.build();
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }
}
