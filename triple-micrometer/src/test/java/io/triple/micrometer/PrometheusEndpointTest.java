package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.micrometer.bootstrap.MetricsExtension;
import io.triple.stub.ClientCalls;
import io.triple.stub.ResponseIterator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dubbo.metrics' Prometheus endpoint: its exposition text after real calls. */
class PrometheusEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String config(int metricsPort) {
    return EchoService.app("""
        protocol: prometheus
        prometheus:
          exporter:
            enabled: true
            metrics-port: METRICS
        """.replace("METRICS", Integer.toString(metricsPort)));
  }

  @Test
  void scrapesCountsOfRealCalls(@TempDir Path dir) throws Exception {
    int port = MetricsFilterTest.freePort();
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, config(port))))
        .register(EchoService.definition()).start()) {
      var channel = dubbo.channel("Echo");
      for (int i = 0; i < 7; i++) {
        ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x" + i);
      }
      for (int i = 0; i < 2; i++) {
        assertThrows(StatusException.class,
            () -> ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "no"));
      }
      try (ResponseIterator<String> it =
          ClientCalls.blockingServerStreaming(channel, EchoService.SPLIT, CallOptions.DEFAULT, "a,b,c")) {
        it.forEachRemaining(s -> { });
      }

      HttpResponse<String> r = get("http://127.0.0.1:" + port + "/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
      List<Sample> samples = parse(r.body());

      for (String side : new String[] {"server", "client"}) {
        String p = "rpc_" + side + "_";
        assertEquals(7.0, value(samples, p + "duration_seconds_count", "rpc_method", "echo",
            "rpc_grpc_status_code", "0", "rpc_system", "grpc", "rpc_service", "test.Echo"), side);
        assertEquals(2.0, value(samples, p + "duration_seconds_count", "rpc_method", "fail",
            "rpc_grpc_status_code", "3"), side);
        assertEquals(7.0, value(samples, p + "calls_started_total", "rpc_method", "echo"), side);
        assertEquals(0.0, value(samples, p + "calls_active", "rpc_method", "echo"), side);
        assertEquals(1.0, value(samples, p + "requests_per_rpc_sum", "rpc_method", "split"), side);
        assertEquals(3.0, value(samples, p + "responses_per_rpc_sum", "rpc_method", "split"), side);
        // The histogram: every call under the +Inf bucket, and buckets for histogram_quantile.
        assertEquals(7.0, value(samples, p + "duration_seconds_bucket", "rpc_method", "echo", "le", "+Inf"), side);
        assertTrue(samples.stream().filter(s -> s.name.equals(p + "duration_seconds_bucket")).count() > 10, side);
      }
      // No JVM meters unless enable_jvm asks for them (Dubbo's default too).
      assertTrue(samples.stream().noneMatch(s -> s.name.startsWith("jvm_")), "no jvm_* without enable_jvm");
      // The server's connections (the reference's one, open while Dubbo runs) and their bytes.
      assertEquals(1.0, value(samples, "triple_server_connections_active"));
      assertEquals(1.0, value(samples, "triple_server_connections_total"));
      assertTrue(value(samples, "triple_server_received_bytes_total") > 0);
      assertTrue(value(samples, "triple_server_sent_bytes_total") > 0);
      // The reference's provider channel, the other end of that connection, and its bytes.
      assertEquals(1.0, value(samples, "triple_client_connections_active"));
      assertEquals(1.0, value(samples, "triple_client_connections_total"));
      assertTrue(value(samples, "triple_client_received_bytes_total") > 0);
      assertTrue(value(samples, "triple_client_sent_bytes_total") > 0);
      assertEquals(0.0, value(samples, "triple_client_flow_control_stalls_total"));

      assertEquals(404, get("http://127.0.0.1:" + port + "/other").statusCode());
      assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(open.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
      assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }
    assertThrows(ConnectException.class, () -> get("http://127.0.0.1:" + port + "/metrics"), "closed with Dubbo");
  }

  @Test
  void enableJvmAddsTheJvmsMeters(@TempDir Path dir) throws Exception {
    int port = MetricsFilterTest.freePort();
    String yaml = config(port).replace("  metrics:\n", "  metrics:\n    enable-jvm: true\n");
    assertTrue(yaml.contains("enable-jvm"), yaml);
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .register(EchoService.definition()).start()) {
      List<Sample> samples = parse(get("http://127.0.0.1:" + port + "/metrics").body());
      for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
          "process_uptime_seconds", "system_cpu_count")) {
        assertTrue(samples.stream().anyMatch(s -> s.name.equals(name) && s.value > 0), name + " in the scrape");
      }
    }
  }

  @Test
  void aRegistryGivenInCodeGetsTheMetersToo(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry mine = new SimpleMeterRegistry();
    int port = MetricsFilterTest.freePort();
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, config(port))))
        .extension(new MetricsExtension(mine))
        .register(EchoService.definition()).start()) {
      ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x");
      assertEquals(1, mine.get("rpc.server.duration").timer().count());
      assertEquals(1, mine.get("rpc.client.duration").timer().count());
      assertEquals(1.0, value(parse(get("http://127.0.0.1:" + port + "/metrics").body()),
          "rpc_server_duration_seconds_count", "rpc_method", "echo"));
    }
  }

  @Test
  void onTheManagementPortMetricsShareItsServer(@TempDir Path dir) throws Exception {
    int port = MetricsFilterTest.freePort();
    String yaml = config(port).replace("dubbo:\n", """
        dubbo:
          application:
            qos-enable: true
            qos-host: 127.0.0.1
            qos-port: METRICS
        """.replace("METRICS", Integer.toString(port)));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .register(EchoService.definition()).start()) {
      ClientCalls.blockingUnary(dubbo.channel("Echo"), EchoService.ECHO, CallOptions.DEFAULT, "x");
      assertEquals(1.0, value(parse(get("http://127.0.0.1:" + port + "/metrics").body()),
          "rpc_server_duration_seconds_count", "rpc_method", "echo"));
      HttpResponse<String> ready = get("http://127.0.0.1:" + port + "/ready");
      assertEquals(200, ready.statusCode());
      assertEquals("true", ready.body());
      // The status page's data: the same calls, from a registry of the endpoint's own.
      String calls = get("http://127.0.0.1:" + port + "/status/calls.json").body();
      assertTrue(calls.contains("{\"side\":\"server\",\"service\":\"test.Echo\",\"method\":\"echo\",\"calls\":1,"
          + "\"errors\":0,"), calls);
      assertTrue(calls.contains("{\"side\":\"client\",\"service\":\"test.Echo\",\"method\":\"echo\",\"calls\":1,"),
          calls);
      assertTrue(calls.matches("(?s).*\"method\":\"echo\".*\"p99\":[0-9.E-]+}.*"), "a p99 from the histogram: " + calls);
      // the reference's one connection to the server, open while Dubbo runs
      assertTrue(calls.endsWith("],\"connections\":1}"), "the server's open connections: " + calls);
    }
    assertThrows(ConnectException.class, () -> get("http://127.0.0.1:" + port + "/ready"), "closed with Dubbo");
  }

  @Test
  void aTakenPortIsAConfigExceptionNamingTheKey(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(
              MetricsFilterTest.yaml(dir, config(taken.getLocalPort()))))
          .register(EchoService.definition());
      try {
        ConfigException e = assertThrows(ConfigException.class, dubbo::start);
        assertEquals("dubbo.metrics.prometheus.exporter.metrics_port", e.keyPath());
        assertTrue(dubbo.servers().isEmpty());
      } finally {
        dubbo.close();
      }
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+).*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** The Prometheus text format's samples (comments skipped). */
  static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return out;
  }

  /** The one sample named {@code name} that has these labels (name, value pairs). */
  static double value(List<Sample> samples, String name, String... labels) {
    List<Sample> found = samples.stream().filter(s -> s.name.equals(name)).filter(s -> {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels.get(labels[i]))) {
          return false;
        }
      }
      return true;
    }).toList();
    assertEquals(1, found.size(), name + " " + List.of(labels) + " in " + found);
    return found.get(0).value;
  }
}
