package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.micrometer.bootstrap.MetricsExtension;
import io.triple.stub.ClientCalls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dubbo.metrics.enable_registry: providers per reference and registrations per service, read when scraped. */
class RegistryMetersTest {

  private static final String CONFIG = """
      dubbo:
        application: {name: meters}
        protocols:
          triple: {ip: 127.0.0.1, port: PORT}
        registries:
          mem: {address: memory://ADDRESS, register_mode: interface}
        provider:
          services:
            EchoProvider:
              interface: test.Echo
        consumer:
          references:
            Echo:
              interface: test.Echo
              check: false
        metrics:
          enabled: true
          enable-registry: ENABLED
      """;

  private static Gauge gauge(SimpleMeterRegistry r, String name, String... tags) {
    return r.find(name).tags(tags).gauge();
  }

  @Test
  void gaugesFollowTheRegistryAsItChanges(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String yaml = CONFIG.replace("ADDRESS", "127.0.0.1:1").replace("ENABLED", "true");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .extension(new MetricsExtension(registry)).register(EchoService.definition()).start()) {
      Gauge registered = gauge(registry, "triple.server.registered", "rpc.system", "grpc", "rpc.service", "test.Echo",
          "registry", "memory://127.0.0.1:1", "level", "interface");
      assertEquals(1.0, registered.value(), "registered once started");

      // Declared, not made yet: NaN rather than a misleading 0.
      Gauge providers = gauge(registry, "triple.client.providers", "rpc.system", "grpc", "rpc.service", "test.Echo",
          "reference", "Echo");
      Gauge usable = gauge(registry, "triple.client.providers.usable", "reference", "Echo");
      assertTrue(Double.isNaN(providers.value()), "no directory before the reference is made");

      var channel = dubbo.channel("Echo"); // made now: the gauge registered at start sees it
      assertEquals("x", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x"));
      assertEquals(1.0, providers.value());
      assertEquals(1.0, usable.value());

      dubbo.offline(".*"); // out of the registry: the provider's gauge and the consumer's directory say so
      assertEquals(0.0, registered.value());
      assertEquals(0.0, providers.value());
      assertEquals(0.0, usable.value());

      dubbo.online(".*");
      assertEquals(1.0, registered.value());
      assertEquals(1.0, providers.value());
    }
    assertNull(registry.find("triple.client.providers").gauge(), "removed at shutdown");
    assertNull(registry.find("triple.server.registered").gauge(), "removed at shutdown");
  }

  @Test
  void offByDefaultAsInDubbo(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String yaml = CONFIG.replace("ADDRESS", "127.0.0.1:2").replace("    enable-registry: ENABLED\n", "");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .extension(new MetricsExtension(registry)).register(EchoService.definition()).start()) {
      dubbo.channel("Echo");
      assertNull(registry.find("triple.client.providers").gauge());
      assertNull(registry.find("triple.server.registered").gauge());
    }
  }
}
