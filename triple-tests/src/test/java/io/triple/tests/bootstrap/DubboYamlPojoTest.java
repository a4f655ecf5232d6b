package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.pojo.spi.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.example.stickers.Sticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interface (POJO) services the Dubbo way: a dubbo.yaml names the implementation class under
 * {@code ref}, and {@link Dubbo#reference} calls it, in hessian2 and fastjson2, directly and
 * through ZooKeeper, under the configured deserialization guard. A generated .proto service
 * named by {@code ref} is bound too.
 */
@Timeout(60)
class DubboYamlPojoTest {
  static final String CATALOG = Catalog.class.getName();

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Interface calls need the serialization modules (triple-serialization-hessian2, -fastjson2),
   * which are being written: until they are installed these tests are skipped, not failed.
   */
  static void assumeInstalled(String... serializations) {
    Set<String> installed = new HashSet<>();
    ServiceLoader.load(Serialization.class).forEach(s -> installed.add(s.name()));
    for (String name : serializations) {
      assumeTrue(installed.contains(name), name + " is not on the class path yet");
    }
  }

  /** A provider of Catalog by ref (accepting hessian2 and fastjson2) and a reference to it by url, in one file. */
  static String providerAndConsumer(int port, String serialization, String application) {
    return """
        dubbo:
          application:
            name: catalog
        %s
          protocols:
            tri:
              ip: 127.0.0.1
              port: %d
          provider:
            serialization: [hessian2, fastjson2]
            services:
              catalog:
                interface: %s
                ref: %s
          consumer:
            serialization: %s
            references:
              catalog:
                interface: %s
                url: tri://127.0.0.1:%d
        """.formatted(application.indent(4).stripTrailing(), port, CATALOG, CatalogImpl.class.getName(),
        serialization, CATALOG, port);
  }

  static Dubbo start(Path dir, String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("dubbo.yaml"), yaml);
    return Dubbo.create().withConfig(new ConfigLoader().load(file)).start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void refServesAnInterfaceThatReferenceCalls(String serialization, @TempDir Path dir) throws Exception {
    assumeInstalled("hessian2", "fastjson2");
    int port = freePort();
    try (Dubbo dubbo = start(dir, providerAndConsumer(port, serialization, ""))) {
      assertEquals(List.of("triple://127.0.0.1:" + port + "/" + CATALOG), dubbo.urls());
      Catalog catalog = dubbo.reference("catalog", Catalog.class);
      assertEquals("sku A-1", catalog.describe("A-1"));
      assertEquals(CatalogImpl.product(42), catalog.find(42));
      assertEquals(List.of(CatalogImpl.product(1), CatalogImpl.product(2)), catalog.search("p"));
    }
  }

  /** dubbo.application.serialize_*: a class outside the signatures is refused unless allowed. */
  @Test
  void serializeAllowLetsAClassOutsideTheSignaturesThrough(@TempDir Path dir) throws Exception {
    assumeInstalled("hessian2", "fastjson2");
    Sticker sticker = new Sticker("fragile");
    try (Dubbo strict = start(dir, providerAndConsumer(freePort(), "hessian2", ""))) {
      StatusException e = assertThrows(StatusException.class,
          () -> strict.reference("catalog", Catalog.class).echo(sticker));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().code(), e.toString());
      assertTrue(e.getStatus().description().contains(Sticker.class.getName()), e.getStatus().description());
    }
    String allow = "serialize-check-status: STRICT\nserialize-allow: [org.example.stickers.]";
    try (Dubbo allowed = start(dir, providerAndConsumer(freePort(), "hessian2", allow))) {
      assertEquals(sticker, allowed.reference("catalog", Catalog.class).echo(sticker));
    }
  }

  /** ref also names the implementation of a generated .proto service: bound with GreeterTriple.bindService. */
  @Test
  void refBindsAGeneratedService(@TempDir Path dir) throws Exception {
    int port = freePort();
    String yaml = """
        dubbo:
          protocols:
            tri:
              ip: 127.0.0.1
              port: %d
          provider:
            services:
              greeter:
                interface: org.apache.dubbo.sample.tri.Greeter
                ref: %s
        """.formatted(port, LoudGreeter.class.getName());
    try (Dubbo dubbo = start(dir, yaml);
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + port)) {
      assertEquals("HELLO, YAML",
          client.greet(GreeterRequest.newBuilder().setName("yaml").build()).getMessage());
    }
  }

  /** Provider and consumer in two files, meeting in a real ZooKeeper. */
  @Test
  void referenceFindsTheRefServiceThroughZookeeper(@TempDir Path dir) throws Exception {
    assumeInstalled("hessian2");
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      String provider = """
          dubbo:
            application:
              name: catalog-provider
            registries:
              zk:
                address: zookeeper://%s
            protocols:
              tri:
                ip: 127.0.0.1
                port: %d
            provider:
              services:
                catalog:
                  interface: %s
                  ref: %s
                  version: 1.0.0
          """.formatted(zk.getConnectString(), freePort(), CATALOG, CatalogImpl.class.getName());
      String consumer = """
          dubbo:
            application:
              name: catalog-consumer
            registries:
              zk:
                address: zookeeper://%s
            consumer:
              serialization: hessian2
              references:
                catalog:
                  interface: %s
                  version: 1.0.0
          """.formatted(zk.getConnectString(), CATALOG);
      Path consumerFile = Files.writeString(dir.resolve("consumer.yaml"), consumer);
      try (Dubbo server = start(dir, provider);
          Dubbo client = Dubbo.create().withConfig(new ConfigLoader().load(consumerFile))) {
        Catalog catalog = client.reference("catalog", Catalog.class);
        assertEquals("sku Z", catalog.describe("Z"));
        assertEquals(CatalogImpl.product(7), catalog.find(7));
      }
    }
  }
}
