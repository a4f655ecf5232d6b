package io.triple.bootstrap.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One management port: the JDK's {@code com.sun.net.httpserver} on two daemon threads, apart from
 * the RPC ports, routing exact paths to handlers. Routes that are not public are refused (403) to
 * peers {@link ForeignAccess} does not permit, and to browsers' cross-site requests (a page on
 * another site must not be able to take this process offline through the user's browser).
 */
final class ManagementServer implements AutoCloseable {
  /** Dubbo's words when it refuses a foreign host. */
  static final String FOREIGN_REFUSED = "Foreign Ip Not Permitted, Consider Config It In Whitelist.";

  /** A handler, and whether every peer may use it (probes) or only those {@link ForeignAccess} permits. */
  record Route(HttpHandler handler, boolean isPublic) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private ManagementServer(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Listens on {@code host:port} ({@code host} empty: every interface; port 0: any free one).
   *
   * @throws IOException if the address cannot be bound
   */
  static ManagementServer start(String host, int port, Map<String, Route> routes, ForeignAccess access)
      throws IOException {
    InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    HttpServer server = HttpServer.create(address, 0);
    Map<String, Route> table = Map.copyOf(routes);
    server.createContext("/", exchange -> {
      try (exchange) {
        Route r = table.get(exchange.getRequestURI().getPath());
        if (r == null) {
          exchange.sendResponseHeaders(404, -1);
        } else if (!r.isPublic() && (!access.permits(exchange.getRemoteAddress().getAddress()) || crossSite(exchange))) {
          send(exchange, 403, FOREIGN_REFUSED + "\n");
        } else {
          r.handler().handle(exchange);
        }
      }
    });
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
      Thread t = new Thread(task, "triple-management-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    InetSocketAddress bound = server.getAddress();
    String shown = host.isEmpty() ? "0.0.0.0" : host.contains(":") ? "[" + host + "]" : host;
    return new ManagementServer(server, executor, "http://" + shown + ":" + bound.getPort());
  }

  /**
   * A browser's request made by another site's page: it says so in {@code Sec-Fetch-Site}, or
   * sends an {@code Origin} that is not this server. curl, probes and scrapers send neither.
   */
  private static boolean crossSite(HttpExchange exchange) {
    String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    return origin != null && (host == null || !origin.equals("http://" + host));
  }

  static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:22222}. */
  String url() {
    return url;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
