package io.triple.cli;

import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One provider of a service in a registry, for server reflection. Reflection cannot go through
 * the cluster channel: that sends the reference's version and group, under which a provider
 * registers its service but not its reflection service.
 */
final class RegistryProvider {
  private RegistryProvider() {}

  /** {@code host:port} of a provider of {@code service} (of the target's version and group, if it names them). */
  static String address(Target target, String service) {
    ServiceUrl t = ServiceUrl.parse(target.text());
    ServiceUrl registryUrl = ServiceUrl.of(t.protocol(), t.host(), t.port() > 0 ? t.port() : 2181, "");
    if (t.parameter("backup") != null) {
      registryUrl = registryUrl.withParameter("backup", t.parameter("backup"));
    }
    String version = t.parameter("version");
    String group = t.parameter("group");
    CompletableFuture<List<ServiceUrl>> found = new CompletableFuture<>();
    try (Registry registry = Registries.create(registryUrl)) {
      registry.subscribe(service, providers -> {
        List<ServiceUrl> matching = providers.stream()
            .filter(p -> version == null || version.equals(p.version()))
            .filter(p -> group == null || group.equals(p.group()))
            .toList();
        if (!matching.isEmpty()) {
          found.complete(matching);
        }
      });
      ServiceUrl p = found.get(5, TimeUnit.SECONDS).get(0);
      return p.address();
    } catch (TimeoutException e) {
      throw new CliException("No provider of " + service + " in the registry at " + registryUrl.address()
          + (version == null ? "" : " with version " + version) + (group == null ? "" : " in group " + group));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted");
    } catch (ExecutionException e) {
      throw new CliException("Cannot read the registry: " + e.getCause(), e.getCause());
    }
  }
}
