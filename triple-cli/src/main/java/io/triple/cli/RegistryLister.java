package io.triple.cli;

import io.triple.registry.Registries;
import io.triple.registry.ServiceUrl;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;

/**
 * Lists what a ZooKeeper registry holds in Dubbo's interface-level layout
 * ({@code /dubbo/{interface}/providers/{URL-encoded URL}}, the root from the target's
 * {@code group} parameter as in Dubbo): each service with a providers node, then its providers.
 * The registry SPI watches one interface at a time and has no listing, so this reads the nodes
 * directly, once.
 */
final class RegistryLister {
  private RegistryLister() {}

  static void list(Target target, String onlyService, PrintWriter out) {
    ServiceUrl url = ServiceUrl.parse(target.text());
    if (!url.protocol().equals("zookeeper")) {
      throw new CliException("Listing is implemented for zookeeper:// registries only");
    }
    String group = url.parameter("group", "dubbo");
    String root = group.startsWith("/") ? group : "/" + group;
    int timeoutMs = url.intParameter("timeout", 5000);
    String hosts = String.join(",", Registries.hosts(url));
    try (CuratorFramework zk = CuratorFrameworkFactory.builder()
        .connectString(hosts)
        .connectionTimeoutMs(timeoutMs)
        .sessionTimeoutMs(Math.max(timeoutMs, 10_000))
        .retryPolicy(new RetryOneTime(200))
        .build()) {
      zk.start();
      if (!zk.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new CliException("Cannot reach ZooKeeper at " + hosts + " within " + timeoutMs + " ms");
      }
      String only = onlyService != null ? onlyService : target.registryService();
      List<String> services = only != null ? List.of(only) : new ArrayList<>(children(zk, root));
      boolean any = false;
      for (String service : services) {
        if (zk.checkExists().forPath(root + "/" + service + "/providers") == null) {
          if (only != null) {
            throw new CliException("No service " + only + " in the registry at " + hosts + root);
          }
          continue;
        }
        any = true;
        out.println(service);
        TreeSet<String> providers = children(zk, root + "/" + service + "/providers");
        if (providers.isEmpty()) {
          out.println("  (no providers)");
        }
        for (String encoded : providers) {
          out.println("  " + describe(ServiceUrl.decode(encoded)));
        }
      }
      if (!any) {
        out.println("(no services under " + root + ")");
      }
      out.flush();
    } catch (CliException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted");
    } catch (Exception e) {
      throw new CliException("Cannot read the registry at " + hosts + ": " + e.getMessage(), e);
    }
  }

  private static TreeSet<String> children(CuratorFramework zk, String path) throws Exception {
    try {
      return new TreeSet<>(zk.getChildren().forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return new TreeSet<>();
    }
  }

  /** {@code tri://10.0.0.1:50051 version=1.0.0 group=a application=demo}, from a provider URL. */
  private static String describe(String providerUrl) {
    ServiceUrl u;
    try {
      u = ServiceUrl.parse(providerUrl);
    } catch (RuntimeException e) {
      return providerUrl;
    }
    StringBuilder b = new StringBuilder(u.protocol()).append("://").append(u.address());
    for (String k : new String[] {"version", "group", "application", "weight", "enabled"}) {
      String v = u.parameter(k);
      if (v != null && !v.isEmpty()) {
        b.append(' ').append(k).append('=').append(v);
      }
    }
    return b.toString();
  }
}
