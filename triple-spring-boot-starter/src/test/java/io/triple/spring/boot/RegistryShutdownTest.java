package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.triple.Metadata;
import io.triple.spring.boot.app.Greeting;
import io.triple.spring.boot.app.HelloImpl;
import io.triple.spring.boot.test.HelloClient;
import io.triple.spring.boot.test.HelloReply;
import io.triple.spring.boot.test.HelloRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** With a registry: the bound port registered, and taken out first when the context closes, while calls drain. */
class RegistryShutdownTest {
  private static final String PROVIDERS = "/dubbo/spring.test.Hello/providers";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({HelloImpl.class, Greeting.class})
  static class App {}

  @AfterEach
  void release() {
    HelloImpl.hold = null;
    HelloImpl.entered = null;
  }

  @Test
  void unregistersBeforeCallsInFlightDrain() throws Exception {
    try (TestingServer zk = new TestingServer(
            new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
        CuratorFramework inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      inspector.start();
      ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
          .properties("spring.config.name=none").run("--dubbo.protocols.tri.ip=127.0.0.1",
              "--dubbo.protocols.tri.port=0", "--dubbo.registries.zk.address=zookeeper://" + zk.getConnectString());
      int port = ctx.getEnvironment().getRequiredProperty(TripleLifecycle.LOCAL_PORT_PROPERTY, Integer.class);
      List<String> nodes = children(inspector);
      assertEquals(1, nodes.size(), nodes.toString());
      assertTrue(java.net.URLDecoder.decode(nodes.get(0), java.nio.charset.StandardCharsets.UTF_8)
          .startsWith("tri://127.0.0.1:" + port + "/spring.test.Hello?"), nodes.get(0));

      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      HelloImpl.hold = hold;
      HelloImpl.entered = entered;
      try (HelloClient client = HelloClient.create("tri://127.0.0.1:" + port)
          .withMetadata(new Metadata().put("tri-service-version", "1.0.0"))) {
        CompletableFuture<HelloReply> slow = client.sayHelloAsync(HelloRequest.newBuilder().setName("slow").build());
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the call reached the service");
        CompletableFuture<Void> closed = CompletableFuture.runAsync(ctx::close);
        await("unregistered while the call is in flight", () -> children(inspector).isEmpty());
        assertFalse(slow.isDone());
        assertFalse(closed.isDone());
        hold.countDown();
        assertEquals("hello, slow", slow.get(5, TimeUnit.SECONDS).getMessage());
        closed.get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> children(CuratorFramework c) {
    try {
      return c.getChildren().forPath(PROVIDERS);
    } catch (Exception e) {
      return List.of("error: " + e);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
