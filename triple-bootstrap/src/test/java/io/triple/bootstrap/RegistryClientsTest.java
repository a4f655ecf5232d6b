package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.triple.config.ConfigLoader;
import io.triple.config.RootConfig;
import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registry factories given in code ({@code Dubbo.registryFactory}) beside the class path's. (The
 * configuration accepts a registry protocol only when a factory of it is on the class path, so a
 * factory given in code replaces one rather than adding a protocol.)
 */
class RegistryClientsTest {

  /** A registry client that does nothing but say which factory made it. */
  record MadeBy(String factory, ServiceUrl url) implements Registry {
    @Override
    public void register(ServiceUrl url) {}

    @Override
    public void unregister(ServiceUrl url) {}

    @Override
    public void subscribe(String interfaceName, NotifyListener listener) {}

    @Override
    public void unsubscribe(String interfaceName, NotifyListener listener) {}

    @Override
    public void close() {}
  }

  static RegistryFactory factory(String protocol, String name, List<Registry> made) {
    return new RegistryFactory() {
      @Override
      public String protocol() {
        return protocol;
      }

      @Override
      public Registry create(ServiceUrl url) {
        Registry r = new MadeBy(name, url);
        made.add(r);
        return r;
      }
    };
  }

  static RootConfig config(String address) {
    return ConfigLoader.withoutOverrides().loadFromTree(
        Map.of("dubbo", Map.of("registries", Map.of("r", Map.of("address", address)))), "test");
  }

  @Test
  void aGivenFactoryWinsOverTheClassPathsForItsProtocol() {
    List<Registry> made = new ArrayList<>();
    RegistryClients clients = new RegistryClients();
    // triple-registry-zookeeper is on this module's test class path; the given factory is used instead.
    clients.add(factory("ZooKeeper", "given", made));
    Registry r = clients.get(config("zookeeper://10.0.0.1:7000"), "r");
    assertEquals(List.of(r), made);
    assertEquals("given", ((MadeBy) r).factory());
    assertEquals("10.0.0.1:7000", r.url().address());
    assertSame(r, clients.get(config("zookeeper://10.0.0.1:7000"), "r")); // made once, shared
  }
}
