package io.triple.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Prometheus scrape endpoint: {@code GET <path>} answers the registry's exposition text (the
 * Prometheus text format 0.0.4, or OpenMetrics when the scraper's {@code Accept} asks for it).
 * {@link #handler} is the endpoint alone, for a server that exists already (the bootstrap's
 * management port: {@code dubbo.metrics}); {@link #start} serves it on a JDK
 * {@code com.sun.net.httpserver} of its own, on one daemon thread, apart from the RPC ports. Bind
 * it to loopback unless other hosts must scrape it (it has no authentication).
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPENMETRICS = "application/openmetrics-text";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private PrometheusEndpoint(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Listens on {@code host:port} (port 0: any free one) and serves {@code registry} at {@code path}.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String host, int port, String path) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(path, handler(registry, path));
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "triple-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    InetSocketAddress bound = server.getAddress();
    String shownHost = bound.getAddress().isAnyLocalAddress() ? host : bound.getAddress().getHostAddress();
    if (shownHost.contains(":")) {
      shownHost = "[" + shownHost + "]";
    }
    return new PrometheusEndpoint(server, executor, "http://" + shownHost + ":" + bound.getPort() + path);
  }

  /** The endpoint as a handler of {@code path} (other paths: 404), closing each exchange. */
  public static HttpHandler handler(PrometheusMeterRegistry registry, String path) {
    return exchange -> {
      try (exchange) {
        serve(registry, path, exchange);
      }
    };
  }

  private static void serve(PrometheusMeterRegistry registry, String path, HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String contentType = accept != null && accept.contains(OPENMETRICS)
        ? OPENMETRICS + "; version=1.0.0; charset=utf-8" : TEXT;
    byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (method.equals("HEAD")) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Where it is served, e.g. {@code http://127.0.0.1:22222/metrics}. */
  public String url() {
    return url;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
