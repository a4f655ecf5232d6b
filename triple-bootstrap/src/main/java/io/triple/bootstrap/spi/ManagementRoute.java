package io.triple.bootstrap.spi;

import com.sun.net.httpserver.HttpHandler;
import java.util.Objects;

/**
 * A path an extension serves over HTTP on a management port (triple-micrometer's
 * {@code /metrics}), from {@link DubboExtension.Active#managementRoutes()}. The bootstrap runs one
 * JDK HTTP server per port: when {@code port} is the management endpoint's
 * ({@code dubbo.application.qos_port}, with {@code qos_enable}), the route is served there beside
 * {@code live}, {@code ready}, {@code ls}, ... and under its access rules (other hosts need
 * {@code qos_accept_foreign_ip} or the whitelist); otherwise on a server of its own on
 * {@code host:port}, to whoever can reach that address.
 *
 * @param host address to bind when the route gets a server of its own
 * @param port the port it is served on
 * @param portKey the configuration key that chose the port, named when it cannot be bound
 * @param path the exact path served ({@code /metrics}); other paths answer 404
 * @param handler answers the requests (on the management server's threads)
 */
public record ManagementRoute(String host, int port, String portKey, String path, HttpHandler handler) {
  public ManagementRoute {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(portKey, "portKey");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
  }
}
