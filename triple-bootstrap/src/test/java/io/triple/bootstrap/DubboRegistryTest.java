package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.cluster.ClusterChannel;
import io.triple.config.ProtocolConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.LocalAddress;
import io.triple.registry.ServiceUrl;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** Dubbo registers its services in ZooKeeper and finds them again through a reference. */
class DubboRegistryTest {
  static final String IFACE = "org.apache.dubbo.sample.tri.Greeter";
  static final Marshaller<String> UTF8 = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };
  static final MethodDescriptor<String, String> GREET =
      MethodDescriptor.of(IFACE, "greet", MethodType.UNARY, UTF8, UTF8);

  static ServiceDefinition service(String answer) {
    return ServiceDefinition.builder(IFACE)
        .addMethod(GREET, ServerCalls.unaryCall(req -> CompletableFuture.completedFuture(answer)))
        .build();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void registersReachableAddressAndServesReferences() throws Exception {
    try (TestingServer zk = new TestingServer(
            new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
        CuratorFramework inspector = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      inspector.start();
      RegistryConfig registry = RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build();
      RootConfig provider = RootConfig.builder()
          .application("greeter-provider")
          .protocol("tri", ProtocolConfig.builder().ip("0.0.0.0").port(freePort()).build())
          .registry("zk", registry)
          .service("greeter", ServiceConfig.builder().interfaceName(IFACE).version("1.0.0").weight(150).build())
          .build();
      Dubbo server = Dubbo.create().withConfig(provider).register(service("hello")).start();
      String node;
      try {
        List<String> nodes = inspector.getChildren().forPath("/dubbo/" + IFACE + "/providers");
        assertEquals(1, nodes.size(), "provider nodes: " + nodes);
        node = nodes.get(0);
        ServiceUrl url = ServiceUrl.parse(ServiceUrl.decode(node));
        assertEquals("tri", url.protocol());
        assertNotEquals("0.0.0.0", url.host(), "registered the wildcard address: " + url);
        assertEquals(LocalAddress.forRegistry("", "0.0.0.0"), url.host());
        assertEquals(server.servers().get(0).port(), url.port());
        assertEquals("1.0.0", url.version());
        assertEquals("150", url.parameter("weight"));
        assertEquals("greet", url.parameter("methods"));
        assertEquals("greeter-provider", url.parameter("application"));
        assertEquals("provider", url.parameter("side"));
        assertEquals(IFACE, url.parameter("interface"));

        RootConfig consumer = RootConfig.builder()
            .application("greeter-consumer")
            .registry("zk", registry)
            .reference("greeter", ReferenceConfig.builder().interfaceName(IFACE).version("1.0.0")
                .loadbalance("roundrobin").build())
            .build();
        try (Dubbo client = Dubbo.create().withConfig(consumer)) {
          ManagedChannel ch = client.channel("greeter");
          assertEquals("hello", ClientCalls.blockingUnary(ch, GREET, CallOptions.DEFAULT, "x"));
          await("consumer registered", () -> children(inspector, "/dubbo/" + IFACE + "/consumers").size() == 1);
        }
      } finally {
        server.close();
      }
      await("provider unregistered on shutdown",
          () -> children(inspector, "/dubbo/" + IFACE + "/providers").isEmpty());
    }
  }

  /**
   * A provider (also holding a reference, so it has a subscription and a consumer node too) shut
   * down right after its ZooKeeper stopped: unregistration gives up within the registry's
   * unregister.timeout (3 s) and the process can exit. The hand-written registry spent tens of seconds
   * retrying its deletes here.
   */
  @Test
  void shutdownWithZooKeeperGoneIsBounded() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      // unregister.timeout: the default, 3 s (dubbo.yaml's address takes no parameters yet).
      RegistryConfig registry = RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build();
      RootConfig provider = RootConfig.builder()
          .application("greeter-provider")
          .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(freePort()).build())
          .registry("zk", registry)
          .service("greeter", ServiceConfig.builder().interfaceName(IFACE).build())
          .reference("greeter", ReferenceConfig.builder().interfaceName(IFACE).build())
          .build();
      Dubbo server = Dubbo.create().withConfig(provider).register(service("hello")).start();
      assertEquals("hello", ClientCalls.blockingUnary(server.channel("greeter"), GREET, CallOptions.DEFAULT, "x"));
      zk.stop();
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(15), server::close);
      System.out.println("provider shutdown with ZooKeeper gone took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
  }

  /**
   * Dubbo's {@code check}: a reference whose registry lists no provider is refused when its
   * channel is created (the default), or created anyway with {@code check: false}, and then
   * finds the provider once it registers.
   */
  /** A checked reference for a version nobody serves is told which versions the registry lists. */
  @Test
  void checkNamesTheVersionsThatAreListed() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      RegistryConfig registry = RegistryConfig.builder().address("zookeeper://" + zk.getConnectString())
          .registerMode("interface").build();
      RootConfig provider = RootConfig.builder()
          .application("greeter-provider")
          .protocol("tri", ProtocolConfig.builder().port(freePort()).build())
          .registry("zk", registry)
          .service("greeter", ServiceConfig.builder().interfaceName(IFACE).version("2.0.0").build())
          .build();
      RootConfig consumer = RootConfig.builder()
          .application("greeter-consumer")
          .registry("zk", registry)
          .reference("checked", ReferenceConfig.builder().interfaceName(IFACE).version("1.0.0")
              .migration("FORCE_INTERFACE").build())
          .build();
      try (Dubbo server = Dubbo.create().withConfig(provider).register(service("hello")).start();
          Dubbo client = Dubbo.create().withConfig(consumer)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.channel("checked"));
        assertTrue(e.getMessage().contains("(providers of it are listed with version 2.0.0, not what this channel "
            + "asks for (version 1.0.0))"), e.getMessage());
      }
    }
  }

  @Test
  void checkRefusesAReferenceWithoutProvidersUnlessTurnedOff() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      RegistryConfig registry = RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build();
      RootConfig consumer = RootConfig.builder()
          .application("greeter-consumer")
          .registry("zk", registry)
          .reference("checked", ReferenceConfig.builder().interfaceName(IFACE).version("1.0.0").build())
          .reference("unchecked", ReferenceConfig.builder().interfaceName(IFACE).version("1.0.0")
              .check(false).build())
          .build();
      try (Dubbo client = Dubbo.create().withConfig(consumer)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.channel("checked"));
        assertTrue(e.getMessage().contains("No provider of " + IFACE + " version 1.0.0 in registries [zk]"),
            e.getMessage());
        assertTrue(e.getMessage().contains("check: false"), e.getMessage());

        ManagedChannel ch = client.channel("unchecked");
        StatusException none = assertThrows(StatusException.class,
            () -> ClientCalls.blockingUnary(ch, GREET, CallOptions.DEFAULT, "x"));
        assertEquals(Status.Code.UNAVAILABLE, none.getStatus().code(), none.toString());

        RootConfig provider = RootConfig.builder()
            .application("greeter-provider")
            .protocol("tri", ProtocolConfig.builder().port(freePort()).build())
            .registry("zk", registry)
            .service("greeter", ServiceConfig.builder().interfaceName(IFACE).version("1.0.0").build())
            .build();
        try (Dubbo server = Dubbo.create().withConfig(provider).register(service("hello")).start()) {
          await("the unchecked reference hears of the provider",
              () -> !((ClusterChannel) ch).providers().isEmpty());
          assertEquals("hello", ClientCalls.blockingUnary(ch, GREET, CallOptions.DEFAULT, "x"));
          assertEquals("hello", ClientCalls.blockingUnary(client.channel("checked"), GREET,
              CallOptions.DEFAULT, "y"), "checked once a provider is there");
        }
      }
    }
  }

  private static List<String> children(CuratorFramework c, String path) {
    try {
      return c.getChildren().forPath(path);
    } catch (Exception e) {
      return List.of("error: " + e);
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out after 20 s waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
