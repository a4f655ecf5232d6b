package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dubbo.metrics.prometheus.pushgateway: what reaches the gateway's HTTP API after real calls. The
 * gateway here is an HTTP endpoint on loopback that records each request and answers as a
 * Pushgateway does (200, or an error status when told to fail); docs/observability.md has the
 * command that pushes to a real one.
 */
class PushgatewayTest {
  private record Push(String method, String path, String contentType, String authorization, String body) {}

  private HttpServer gateway;
  private final LinkedBlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
  /** Requests to answer with 500 before answering 200. */
  private final AtomicInteger failFirst = new AtomicInteger();

  @BeforeEach
  void startGateway() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      pushes.add(new Push(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.UTF_8)));
      int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
      byte[] answer = status == 200 ? new byte[0] : "push failed: out of disk".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    gateway.start();
  }

  @AfterEach
  void stopGateway() {
    gateway.stop(0);
  }

  private static String config(String pushgateway) {
    return EchoService.app("prometheus:\n  pushgateway: " + pushgateway);
  }

  @Test
  void pushesTheExpositionOfRealCallsToTheJobsGroup(@TempDir Path dir) throws Exception {
    String base = "127.0.0.1:" + gateway.getAddress().getPort(); // Dubbo's form: host:port
    String yaml = config("{enabled: true, base-url: '" + base + "', job: 'orders api', push-interval: 1,"
        + " username: ops, password: 's3cret'}");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .register(EchoService.definition()).start()) {
      var channel = dubbo.channel("Echo");
      for (int i = 0; i < 5; i++) {
        ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x" + i);
      }
      // Pushes come every second; the first that follows the calls carries them.
      Push push = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        Push p = pushes.poll(1, TimeUnit.SECONDS);
        if (p != null && count(p.body(), "rpc_server_duration_seconds_count", "echo") == 5.0) {
          push = p;
          break;
        }
      }
      assertNotNull(push, "no push with the 5 calls within 20 s: " + pushes);
      assertEquals("POST", push.method(), "Dubbo's pushAdd: metrics of the same names replaced");
      assertEquals("/metrics/job/orders%20api", push.path());
      assertTrue(push.contentType().startsWith("text/plain; version=0.0.4"), push.contentType());
      assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)),
          push.authorization());
      assertEquals(5.0, count(push.body(), "rpc_client_duration_seconds_count", "echo"));
      assertEquals(5.0, count(push.body(), "rpc_server_calls_started_total", "echo"));
    }
  }

  @Test
  void aGatewayThatFailsNeitherStopsThePushesNorTheService(@TempDir Path dir) throws Exception {
    failFirst.set(2);
    String yaml = config("{enabled: true, base-url: 'http://127.0.0.1:" + gateway.getAddress().getPort()
        + "/', push-interval: 1}");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .register(EchoService.definition()).start()) {
      var channel = dubbo.channel("Echo");
      assertEquals("ok", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "ok"));
      // Two answered 500, then the third push is taken.
      for (int i = 0; i < 3; i++) {
        Push p = pushes.poll(20, TimeUnit.SECONDS);
        assertNotNull(p, "push " + (i + 1) + " never came");
        assertEquals("/metrics/job/default_dubbo_job", p.path(), "Dubbo's default job");
        assertEquals(null, p.authorization(), "no username: no authentication");
      }
      assertEquals("ok", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "ok"));
    }
  }

  /** The value of {@code name}{...rpc_method="method"...} in the exposition {@code text}, or -1. */
  private static double count(String text, String name, String method) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(text);
    while (m.find()) {
      if (m.group(1).contains("rpc_method=\"" + method + "\"") && m.group(1).contains("rpc_grpc_status_code=\"0\"")
          || m.group(1).contains("rpc_method=\"" + method + "\"") && !m.group(1).contains("rpc_grpc_status_code")) {
        return Double.parseDouble(m.group(2));
      }
    }
    return -1;
  }
}
