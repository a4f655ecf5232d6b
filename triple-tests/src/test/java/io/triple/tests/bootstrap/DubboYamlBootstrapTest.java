package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server started the way the seed starts one: from a dubbo.yaml file. */
@Timeout(30)
class DubboYamlBootstrapTest {
  static final String SEED_STYLE_YAML = """
      logging:
        level: INFO
      dubbo:
        protocols:
          triple:
            ip: 127.0.0.1
            port: 'PORT'
            name: tri
        provider:
          services:
            GreeterProvider:
              version: 1.0.0
              group: test
              protocol: triple
              interface: org.apache.dubbo.sample.tri.Greeter
      """;

  static final class Hello implements Greeter {
    @Override
    public GreeterReply greet(GreeterRequest request) {
      return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
    }
  }

  /** The seed-style file names a fixed port: find a free one to write into it. */
  private static String yamlOnFreePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return SEED_STYLE_YAML.replace("PORT", Integer.toString(s.getLocalPort()));
    }
  }

  private static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  @Test
  void servesTheConfiguredServiceWithItsVersionAndGroup(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("dubbo.yaml"), yamlOnFreePort());
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .register(GreeterTriple.bindService(new Hello()))
        .start()) {
      int port = dubbo.servers().get(0).port();
      assertEquals(List.of("triple://127.0.0.1:" + port + "/org.apache.dubbo.sample.tri.Greeter"), dubbo.urls());
      try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + port)) {
        // A plain gRPC client names no version or group: served by the only registration.
        assertEquals("hello, plain", client.greet(req("plain")).getMessage());
        // A Dubbo client names them: the configured ones match ...
        Metadata v1 = new Metadata().add("tri-service-version", "1.0.0").add("tri-service-group", "test");
        assertEquals("hello, dubbo", client.withMetadata(v1).greet(req("dubbo")).getMessage());
        // ... another version does not, and the error says what is served.
        Metadata v2 = new Metadata().add("tri-service-version", "2.0.0").add("tri-service-group", "test");
        StatusException e = assertThrows(StatusException.class, () -> client.withMetadata(v2).greet(req("x")));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
        assertTrue(e.getStatus().description().contains("1.0.0"), e.getStatus().description());
      }
    }
  }

  @Test
  void tripleMaxBodySizeLimitsRequests(@TempDir Path dir) throws Exception {
    String yaml = yamlOnFreePort().replace("      name: tri\n",
        "      name: tri\n      triple:\n        max-body-size: 64\n");
    assertTrue(yaml.contains("max-body-size"), yaml);
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(Files.writeString(dir.resolve("dubbo.yaml"), yaml)))
        .register(GreeterTriple.bindService(new Hello()))
        .start()) {
      try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + dubbo.servers().get(0).port())) {
        assertEquals("hello, small", client.greet(req("small")).getMessage());
        StatusException e = assertThrows(StatusException.class, () -> client.greet(req("x".repeat(100))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.toString());
      }
    }
  }

  /** A reference's url may name the version and group, as Dubbo users write it. */
  @Test
  void referenceUrlParametersChooseVersionAndGroup(@TempDir Path dir) throws Exception {
    String yaml = yamlOnFreePort();
    String port = yaml.replaceAll("(?s).*port: '(\\d+)'.*", "$1");
    yaml += """
          consumer:
            references:
              ByUrl:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT?version=1.0.0&group=test
        """.replace("PORT", port);
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(Files.writeString(dir.resolve("dubbo.yaml"), yaml)))
        .register(GreeterTriple.bindService(new Hello()))
        .start()) {
      assertEquals("hello, url", GreeterClient.create(dubbo.channel("ByUrl")).greet(req("url")).getMessage());
    }
    Path typo = Files.writeString(dir.resolve("typo.yaml"), yaml.replace("group=test", "gruop=test"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(typo));
    assertTrue(e.getMessage().contains("dubbo.consumer.references.ByUrl.url"), e.getMessage());
    assertTrue(e.getMessage().contains("'gruop'") && e.getMessage().contains("version, group"), e.getMessage());
  }

  /** The client's response limit: dubbo.consumer.max_body_size, overridden per reference. */
  @Test
  void referenceMaxBodySizeLimitsResponses(@TempDir Path dir) throws Exception {
    String yaml = yamlOnFreePort();
    String port = yaml.replaceAll("(?s).*port: '(\\d+)'.*", "$1");
    yaml += """
          consumer:
            max-body-size: 64
            references:
              Small:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                version: 1.0.0
                group: test
              Big:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                version: 1.0.0
                group: test
                max_body_size: 1000
        """.replace("PORT", port);
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(Files.writeString(dir.resolve("dubbo.yaml"), yaml)))
        .register(GreeterTriple.bindService(new Hello()))
        .start()) {
      GreeterClient small = GreeterClient.create(dubbo.channel("Small"));
      GreeterClient big = GreeterClient.create(dubbo.channel("Big"));
      assertEquals("hello, small", small.greet(req("small")).getMessage());
      StatusException e = assertThrows(StatusException.class, () -> small.greet(req("x".repeat(100))));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.toString());
      assertEquals(107, big.greet(req("x".repeat(100))).getMessage().length());
    }
  }

  @Test
  void listedInterfaceWithoutImplementationNamesFileAndKey(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("dubbo.yaml"), yamlOnFreePort());
    Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml));
    ConfigException e = assertThrows(ConfigException.class, dubbo::start);
    assertTrue(e.getMessage().contains(yaml.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("dubbo.provider.services.GreeterProvider.interface"), e.getMessage());
    assertTrue(e.getMessage().contains("Dubbo.register"), e.getMessage());
    dubbo.close();
  }

  @Test
  void portInUseNamesTheKeyAndTheFile(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path yaml = Files.writeString(dir.resolve("dubbo.yaml"),
          SEED_STYLE_YAML.replace("PORT", Integer.toString(taken.getLocalPort())));
      Dubbo dubbo = Dubbo.create().register(GreeterTriple.bindService(new Hello()))
          .withConfig(new ConfigLoader().load(yaml));
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertTrue(e.getMessage().startsWith(yaml.toString() + ": dubbo.protocols.triple.port: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().contains("DUBBO_PROTOCOLS_TRIPLE_PORT"), e.getMessage());
      dubbo.close();
    }
  }

  @Test
  void portOutOfRangeNamesTheKey(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("dubbo.yaml"), SEED_STYLE_YAML.replace("PORT", "70000"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(yaml));
    assertTrue(e.getMessage().contains("dubbo.protocols.triple.port"), e.getMessage());
  }
}
