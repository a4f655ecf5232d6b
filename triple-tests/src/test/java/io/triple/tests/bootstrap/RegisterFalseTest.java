package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dubbo's {@code register: false}: on a registry (subscribe-only, what Dubbo developers set so
 * that services on their machine are not called by others), and on a service or
 * {@code dubbo.provider}: exported, answering, and registered nowhere. Checked in a real ZooKeeper.
 */
@Timeout(60)
class RegisterFalseTest {
  private static final String GREETER = "org.apache.dubbo.sample.tri.Greeter";

  private TestingServer zk;
  private CuratorFramework curator;

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    curator = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    curator.start();
  }

  @AfterEach
  void stop() throws Exception {
    curator.close();
    zk.close();
  }

  static final class Hello implements Greeter {
    @Override
    public GreeterReply greet(GreeterRequest request) {
      return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
    }
  }

  /** The provider URLs registered for {@code iface} (interface level). */
  private List<String> providers(String iface) throws Exception {
    String path = "/dubbo/" + iface + "/providers";
    return curator.checkExists().forPath(path) == null ? List.of() : curator.getChildren().forPath(path);
  }

  /** The instances registered for {@code app} (application level). */
  private List<String> instances(String app) throws Exception {
    String path = "/services/" + app;
    return curator.checkExists().forPath(path) == null ? List.of() : curator.getChildren().forPath(path);
  }

  private Dubbo start(Path dir, String yaml, Greeter impl) throws Exception {
    Path file = Files.writeString(dir.resolve("dubbo.yaml"), yaml
        .replace("ZK", zk.getConnectString()).replace("PORT", Integer.toString(freePort())));
    return Dubbo.create().withConfig(new ConfigLoader().load(file)).register(GreeterTriple.bindService(impl))
        .start();
  }

  private static String call(Dubbo dubbo) {
    try (GreeterClient c = GreeterClient.create("tri://127.0.0.1:" + dubbo.servers().get(0).port())) {
      return c.greet(GreeterRequest.newBuilder().setName("direct").build()).getMessage();
    }
  }

  /** As a key of the registry, and as Dubbo writes it in the address. */
  @ParameterizedTest
  @ValueSource(strings = {"{address: 'zookeeper://ZK', register: false}", "{address: 'zookeeper://ZK?register=false'}"})
  void aSubscribeOnlyRegistryGetsNothingRegistered(String registry, @TempDir Path dir) throws Exception {
    try (Dubbo dubbo = start(dir, """
        dubbo:
          application: {name: laptop}
          registries:
            zk: REGISTRY
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              GreeterProvider: {interface: org.apache.dubbo.sample.tri.Greeter}
        """.replace("REGISTRY", registry), new Hello())) {
      assertEquals("hello, direct", call(dubbo), "exported all the same");
      assertEquals(List.of(), providers(GREETER));
      assertEquals(List.of(), instances("laptop"));
    }
  }

  @Test
  void aServiceThatSaysRegisterFalseIsExportedButNotRegistered(@TempDir Path dir) throws Exception {
    try (Dubbo dubbo = start(dir, """
        dubbo:
          application: {name: provider}
          registries:
            zk: {address: 'zookeeper://ZK', register_mode: interface}
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              GreeterProvider: {interface: org.apache.dubbo.sample.tri.Greeter, register: false}
        """, new Hello())) {
      assertEquals("hello, direct", call(dubbo));
      assertEquals(List.of(), providers(GREETER));
    }
  }

  @Test
  void theProvidersRegisterFalseIsEveryServicesUnlessItSaysOtherwise(@TempDir Path dir) throws Exception {
    try (Dubbo dubbo = start(dir, """
        dubbo:
          application: {name: provider}
          registries:
            zk: {address: 'zookeeper://ZK', register_mode: interface}
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            register: false
        """, new Hello())) {
      assertEquals("hello, direct", call(dubbo));
      assertEquals(List.of(), providers(GREETER), "a service without an entry inherits register: false");
    }
    try (Dubbo dubbo = start(dir, """
        dubbo:
          application: {name: provider}
          registries:
            zk: {address: 'zookeeper://ZK', register_mode: interface}
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            register: false
            services:
              GreeterProvider: {interface: org.apache.dubbo.sample.tri.Greeter, register: true}
        """, new Hello())) {
      List<String> registered = providers(GREETER);
      assertEquals(1, registered.size(), registered.toString());
      assertTrue(registered.get(0).contains(Integer.toString(dubbo.servers().get(0).port())), registered.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
