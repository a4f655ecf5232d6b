package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.RootConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Apache Dubbo application's own configuration files, unchanged: Spring Boot's application.yml
 * and Dubbo's dubbo.properties (singular dubbo.protocol and dubbo.registry, kebab-case keys, keys
 * of other frameworks and Dubbo keys triple-java does not use) serve and call services; mistakes
 * and a start with nothing to serve are errors naming file and key.
 */
@Timeout(60)
class DubboConfigFilesBootstrapTest {

  /** A Dubbo Spring Boot provider's application.yml; the services come from code (@DubboService). */
  static String springBootProvider(String zk, int port) {
    return """
        server:
          port: 8080
        spring:
          application:
            name: catalog-provider
        management:
          endpoints: {web: {exposure: {include: health}}}
        dubbo:
          application:
            name: catalog-provider
            qos-enable: false
            logger: slf4j
          protocol:
            name: tri
            port: %d
            host: 127.0.0.1
            serialization: hessian2
          registry:
            address: zookeeper://%s
            register-mode: interface
          metadata-report:
            address: zookeeper://%s
          provider:
            timeout: 5000
            filter: accesslog
        """.formatted(port, zk, zk);
  }

  /** A consumer's dubbo.properties: Dubbo's flat keys, plus the reference (an annotation in Dubbo). */
  static String consumerProperties(String zk) {
    return """
        dubbo.application.name=catalog-consumer
        dubbo.application.qos-enable=false
        dubbo.registry.address=zookeeper://%s
        dubbo.consumer.timeout=3000
        dubbo.consumer.check=true
        dubbo.consumer.references.catalog.interface=%s
        """.formatted(zk, Catalog.class.getName());
  }

  @Test
  void springBootApplicationYmlAndDubboPropertiesMeetInZookeeper(@TempDir Path dir) throws Exception {
    DubboYamlPojoTest.assumeInstalled("hessian2");
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      int port = DubboYamlPojoTest.freePort();
      Path yml = Files.writeString(dir.resolve("application.yml"), springBootProvider(zk.getConnectString(), port));
      Path props = Files.writeString(dir.resolve("dubbo.properties"), consumerProperties(zk.getConnectString()));
      RootConfig providerConfig = new ConfigLoader().load(yml);
      // Dubbo's metadata report is a key of triple-java since application-level discovery
      assertEquals("zookeeper://" + zk.getConnectString(), providerConfig.metadataReportAddress());
      assertTrue(providerConfig.warnings().stream().noneMatch(w -> w.contains("metadata-report")),
          providerConfig.warnings().toString());
      try (Dubbo provider = Dubbo.create().withConfig(providerConfig)
              .register(Catalog.class, new CatalogImpl())
              .register(GreeterTriple.bindService(new LoudGreeter()))
              .start();
          Dubbo consumer = Dubbo.create().withConfig(new ConfigLoader().load(props))) {
        assertEquals(List.of("triple://0.0.0.0:" + port + "/" + Catalog.class.getName(),
            "triple://0.0.0.0:" + port + "/org.apache.dubbo.sample.tri.Greeter"), provider.urls());
        Catalog catalog = consumer.reference("catalog", Catalog.class);
        assertEquals("sku Z", catalog.describe("Z"));
        assertEquals(CatalogImpl.product(7), catalog.find(7));
        // The generated service, found through the same registry by its interface name.
        try (GreeterClient greeter = GreeterClient.create(
            "zookeeper://" + zk.getConnectString() + "/org.apache.dubbo.sample.tri.Greeter")) {
          assertEquals("HELLO, ZK", greeter.greet(GreeterRequest.newBuilder().setName("zk").build()).getMessage());
        }
      }
    }
  }

  @Test
  void dubboPropertiesWithoutRegistryServesDirectly(@TempDir Path dir) throws Exception {
    int port = DubboYamlPojoTest.freePort();
    Path props = Files.writeString(dir.resolve("dubbo.properties"), """
        dubbo.application.name=greeter
        dubbo.protocol.name=tri
        dubbo.protocol.port=%d
        dubbo.protocol.triple.max-body-size=65536
        dubbo.registry.address=N/A
        """.formatted(port));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(props))
            .register(GreeterTriple.bindService(new LoudGreeter())).start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + port)) {
      assertEquals("HELLO, PROPERTIES",
          client.greet(GreeterRequest.newBuilder().setName("properties").build()).getMessage());
    }
  }

  @Test
  void aMisspelledKeyNamesFileAndKey(@TempDir Path dir) throws Exception {
    Path yml = Files.writeString(dir.resolve("application.yml"),
        "spring: {application: {name: x}}\ndubbo:\n  protocol:\n    name: tri\n    prot: 50051\n");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(yml));
    assertEquals(yml + ": dubbo.protocol.prot: unknown key (did you mean port?); known keys here: ip, port, "
        + "name, host, triple", e.getMessage());
    Path top = Files.writeString(dir.resolve("application.yaml"), "dubob:\n  protocol: {port: 50051}\n");
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(top));
    assertTrue(e.getMessage().startsWith(top + ": dubob: unknown key (did you mean dubbo?)"), e.getMessage());
  }

  @Test
  void portInUseNamesDubbosKey(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path props = Files.writeString(dir.resolve("dubbo.properties"),
          "dubbo.protocol.ip=127.0.0.1\ndubbo.protocol.port=" + taken.getLocalPort() + "\n");
      Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(props))
          .register(GreeterTriple.bindService(new LoudGreeter()));
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertTrue(e.getMessage().startsWith(props + ": dubbo.protocol.port: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().endsWith("Choose another one with dubbo.protocol.port or its environment "
          + "variable DUBBO_PROTOCOL_PORT"), e.getMessage());
      dubbo.close();
    }
  }

  @Test
  void nothingToServeIsAnErrorNamingFileAndKey(@TempDir Path dir) throws Exception {
    // Services registered, but no protocol: Dubbo's keys to add are named.
    Path noProtocol = Files.writeString(dir.resolve("application.yml"),
        "dubbo:\n  application:\n    name: app\n");
    Dubbo a = Dubbo.create().withConfig(new ConfigLoader().load(noProtocol))
        .register(GreeterTriple.bindService(new LoudGreeter()));
    ConfigException e = assertThrows(ConfigException.class, a::start);
    assertEquals(noProtocol + ": dubbo.protocols: nothing to serve: no protocol is declared for the registered "
        + "services [org.apache.dubbo.sample.tri.Greeter]; declare one, e.g. dubbo.protocol.name: tri and "
        + "dubbo.protocol.port: 50051 (Dubbo's keys) or dubbo.protocols.triple.port: 50051", e.getMessage());
    a.close();
    // A protocol, but no service.
    Path noService = Files.writeString(dir.resolve("dubbo.properties"),
        "dubbo.protocol.port=" + DubboYamlPojoTest.freePort() + "\n");
    Dubbo b = Dubbo.create().withConfig(new ConfigLoader().load(noService));
    e = assertThrows(ConfigException.class, b::start);
    assertEquals(noService + ": dubbo.provider.services: nothing to serve: no service is registered "
        + "(Dubbo.register) and none is listed here with a ref; an application that only calls others needs "
        + "no start()", e.getMessage());
    assertEquals(List.of(), b.servers());
    b.close();
  }
}
