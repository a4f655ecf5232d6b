package io.triple.bootstrap;

import static io.triple.bootstrap.DubboRegistryTest.IFACE;
import static io.triple.bootstrap.DubboRegistryTest.await;
import static io.triple.bootstrap.DubboRegistryTest.freePort;
import static io.triple.bootstrap.DubboRegistryTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.config.ProtocolConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** Dubbo.readiness() follows the servers, shutdown and the registry connection (a real ZooKeeper). */
class ReadinessTest {

  @Test
  void followsStartRegistryConnectionAndShutdown() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      RootConfig cfg = RootConfig.builder()
          .application("ready-provider")
          .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
          .registry("zk", RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build())
          .service("greeter", ServiceConfig.builder().interfaceName(IFACE).build())
          .build();
      Dubbo dubbo = Dubbo.create().withConfig(cfg).register(service("hello"));
      try {
        Readiness before = dubbo.readiness();
        assertFalse(before.ready());
        assertEquals(List.of("not started"), before.reasons());

        dubbo.start();
        Readiness up = dubbo.readiness();
        assertTrue(up.ready(), "reasons: " + up.reasons());
        assertEquals(List.of(new Readiness.RegistryStatus("zk", zk.getConnectString(), true)), up.registries());

        zk.stop();
        await("not ready while ZooKeeper is down", () -> !dubbo.readiness().ready());
        assertEquals(List.of("registry zk (" + zk.getConnectString() + ") not connected"),
            dubbo.readiness().reasons());

        zk.restart();
        await("ready again once ZooKeeper is back", () -> dubbo.readiness().ready());
      } finally {
        dubbo.close();
      }
      Readiness after = dubbo.readiness();
      assertFalse(after.ready());
      assertTrue(after.reasons().contains("shutting down"), "reasons: " + after.reasons());
    }
  }
}
