package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The dubbo.* tree of an Environment: spellings, precedence, lists, environment variables. */
class EnvironmentTreeTest {

  private static StandardEnvironment env(Map<String, Object> low, Map<String, Object> envVars) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    env.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", envVars));
    env.getPropertySources().addLast(new MapPropertySource("application.yml", low));
    return env;
  }

  private static RootConfig read(StandardEnvironment env) {
    return TripleConfigFactory.create(env, new DefaultListableBeanFactory(), new AnnotatedReferences(env));
  }

  @Test
  void readsEverySpellingAndLetsEnvironmentVariablesOverrideKeysOfIdsWrittenInTheFile() {
    Map<String, Object> yml = new LinkedHashMap<>();
    yml.put("dubbo.protocols.triple.port", 8888);
    yml.put("dubbo.registries.demoZK.address", "zookeeper://127.0.0.1:2181");
    yml.put("dubbo.provider.services.GreeterProvider.interface", "org.apache.dubbo.sample.tri.Greeter");
    yml.put("dubbo.provider.services.GreeterProvider.registry-ids[0]", "demoZK");
    yml.put("dubbo.provider.services.GreeterProvider.version", "1.0.0");
    yml.put("dubbo.consumer.references.GreeterClientImpl.interfaceName", "org.apache.dubbo.sample.tri.Greeter");
    yml.put("dubbo.consumer.references.GreeterClientImpl.url", "tri://localhost:${dubbo.protocols.triple.port}");
    yml.put("dubbo.consumer.references.GreeterClientImpl.load-balance", "roundrobin");
    yml.put("dubbo.consumer.references.GreeterClientImpl.filter", "a, b");
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("DUBBO_PROTOCOLS_TRIPLE_PORT", "9999");
    vars.put("DUBBO_PROVIDER_SERVICES_GREETERPROVIDER_VERSION", "2.0.0");
    vars.put("DUBBO_CONSUMER_REFERENCES_GREETERCLIENTIMPL_TIMEOUT", "750ms");

    RootConfig c = read(env(yml, vars));
    assertEquals(9999, c.protocols().get("triple").port());
    assertEquals("2.0.0", c.services().get("GreeterProvider").version()); // the id keeps the file's case
    assertEquals(List.of("demoZK"), c.services().get("GreeterProvider").registryIds());
    assertEquals("tri://localhost:9999", c.references().get("GreeterClientImpl").url());
    assertEquals("roundrobin", c.references().get("GreeterClientImpl").loadbalance());
    assertEquals(Duration.ofMillis(750), c.references().get("GreeterClientImpl").timeout());
    assertEquals(List.of("a", "b"), c.references().get("GreeterClientImpl").filter());
  }

  @Test
  void aListFromAHigherSourceReplacesTheLowerOneWhole() {
    Map<String, Object> yml = new LinkedHashMap<>();
    yml.put("dubbo.protocols.tri.port", 8888);
    yml.put("dubbo.registries.a.address", "127.0.0.1:2181");
    yml.put("dubbo.registries.a.protocol", "zookeeper");
    yml.put("dubbo.registries.b.address", "127.0.0.1:2182");
    yml.put("dubbo.registries.b.protocol", "zookeeper");
    yml.put("dubbo.provider.services.s.interface", "x.S");
    yml.put("dubbo.provider.services.s.registry_ids[0]", "a");
    yml.put("dubbo.provider.services.s.registry_ids[1]", "b");
    Map<String, Object> vars = Map.of("DUBBO_PROVIDER_SERVICES_S_REGISTRYIDS_0_", "b");
    StandardEnvironment env = env(yml, vars);
    // Nothing implements x.S: reading is enough here.
    Map<String, Object> dubbo = new EnvironmentTree(env).dubbo();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        dubbo.get("provider")).get("services")).get("s");
    assertEquals(List.of("b"), s.get("registry_ids"));
  }

  @Test
  void aConfigErrorNamesTheKeyAndTheSourceOfItsValue() {
    Map<String, Object> yml = new LinkedHashMap<>();
    yml.put("dubbo.protocols.tri.port", "70000");
    try {
      read(env(yml, Map.of()));
      throw new AssertionError("no error");
    } catch (ConfigException e) {
      assertEquals("dubbo.protocols.tri.port", e.keyPath());
      assertTrue(e.getMessage().startsWith("Spring Environment: dubbo.protocols.tri.port: expected an integer port"
          + " 1-65535, got '70000'"), e.getMessage());
    }
  }

  @Test
  void aConfigErrorInApplicationYmlNamesTheFileAndLine() throws Exception {
    String yml = "dubbo:\n  protocols:\n    tri:\n      port: 70000\n";
    StandardEnvironment env = env(Map.of(), Map.of());
    new org.springframework.boot.env.YamlPropertySourceLoader()
        .load("application.yml", new org.springframework.core.io.ByteArrayResource(yml.getBytes(), "application.yml") {
          @Override
          public String getDescription() {
            return "class path resource [application.yml]";
          }
        })
        .forEach(env.getPropertySources()::addLast);
    try {
      read(env);
      throw new AssertionError("no error");
    } catch (ConfigException e) {
      assertEquals("Spring Environment: dubbo.protocols.tri.port: expected an integer port 1-65535, got '70000'"
          + " (set in class path resource [application.yml] - 4:13)", e.getMessage());
    }
  }
}
