package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.triple.spring.boot.app.Greeting;
import io.triple.spring.boot.app.HelloImpl;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Actuator health follows the registry connection: UP with ZooKeeper up, DOWN naming the registry
 * and its address once ZooKeeper stops, UP again once it is back.
 */
@SpringBootTest(classes = RegistryHealthTest.App.class, properties = {
    "spring.config.name=none",
    "dubbo.application.name=health-test",
    "dubbo.protocols.tri.ip=127.0.0.1",
    "dubbo.protocols.tri.port=0",
    "management.endpoint.health.show-details=always"})
class RegistryHealthTest {
  static final TestingServer ZK = zookeeper();

  static TestingServer zookeeper() {
    try {
      // A short session (and tick) so that a lost connection is noticed quickly.
      return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry registry) {
    registry.add("dubbo.registries.zk.address", () -> "zookeeper://" + ZK.getConnectString());
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    ZK.close();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({HelloImpl.class, Greeting.class})
  static class App {}

  @Autowired TripleHealthIndicator health;
  @Autowired HealthEndpoint endpoint;

  @Test
  void downWhileTheRegistryIsLost() throws Exception {
    Health up = health.health();
    assertEquals(Status.UP, up.getStatus(), up.toString());
    assertEquals(Map.of("zk", Map.of("address", ZK.getConnectString(), "connected", true)),
        up.getDetails().get("registries"));
    assertEquals(Status.UP, endpoint.healthForPath("triple").getStatus());

    ZK.stop();
    await("DOWN", () -> health.health().getStatus().equals(Status.DOWN));
    Health down = health.health();
    assertEquals("registry zk (" + ZK.getConnectString() + ") not connected", down.getDetails().get("reason"),
        down.toString());
    assertEquals(Status.DOWN, endpoint.health().getStatus()); // the application's health as a whole

    ZK.restart();
    await("UP again", () -> health.health().getStatus().equals(Status.UP));
    assertTrue(health.health().getDetails().containsKey("ports"));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
