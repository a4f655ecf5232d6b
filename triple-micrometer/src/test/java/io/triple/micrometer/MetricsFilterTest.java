package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.micrometer.bootstrap.MetricsClientFilter;
import io.triple.micrometer.bootstrap.MetricsServerFilter;
import io.triple.stub.ClientCalls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter name {@code metrics} in dubbo.yaml, on a service and on a reference. */
class MetricsFilterTest {

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Path yaml(Path dir, String text) throws IOException {
    Path file = dir.resolve("dubbo.yaml");
    Files.writeString(file, text.replace("PORT", Integer.toString(freePort())));
    return file;
  }

  private static final String FILTERED = """
      dubbo:
        protocols:
          triple: {ip: 127.0.0.1, port: PORT}
        provider:
          services:
            EchoProvider:
              interface: test.Echo
              filter: metrics
        consumer:
          references:
            Echo:
              interface: test.Echo
              url: tri://127.0.0.1:PORT
              filter: [metrics]
      """;

  @Test
  void theClassPathFiltersRecordIntoTheGlobalRegistry(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry);
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml(dir, FILTERED)))
        .register(EchoService.definition()).start()) {
      ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x");
      ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "y");
      assertEquals(2, registry.get("rpc.server.duration").tag("rpc.method", "echo").timer().count());
      assertEquals(2, registry.get("rpc.client.duration").tag("rpc.method", "echo").timer().count());
    } finally {
      Metrics.removeRegistry(registry);
    }
  }

  @Test
  void filtersGivenInCodeUseTheirRegistry(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TripleMetrics metrics = TripleMetrics.builder(registry).rpcSystem("apache_dubbo").build();
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml(dir, FILTERED)))
        .interceptorFactory(new MetricsServerFilter(metrics))
        .interceptorFactory(new MetricsClientFilter(metrics))
        .register(EchoService.definition()).start()) {
      ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x");
      assertEquals(1, registry.get("rpc.server.duration").tag("rpc.system", "apache_dubbo").timer().count());
      assertEquals(1, registry.get("rpc.client.duration").tag("rpc.system", "apache_dubbo").timer().count());
    }
  }
}
