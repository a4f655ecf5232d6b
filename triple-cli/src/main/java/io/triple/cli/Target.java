package io.triple.cli;

import io.triple.registry.Registries;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where calls go: a server ({@code host:port}, {@code tri://}, {@code http://}, {@code grpc://},
 * {@code https://}) or a registry ({@code zookeeper://host:2181}, optionally with the service as
 * its path), as the command line wrote it.
 */
record Target(String text, String scheme, String host, int port, boolean registry, boolean https) {
  static Target parse(String text) {
    if (text.startsWith("dns:")) {
      // grpc-java's dns:///host[:port] (port 443 by default, as there): a cleartext host:port.
      String hostPort = text.substring(4).replaceFirst("^/*", "");
      return parse(hostPort.matches(".*:\\d+$") ? hostPort : hostPort + ":443");
    }
    String t = text.contains("://") ? text : "tri://" + text;
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid target '" + text + "': " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Invalid target '" + text + "': no host (expected host:port or scheme://host:port)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean registry = Registries.factory(scheme) != null;
    boolean https = scheme.equals("https");
    int port = uri.getPort() != -1 ? uri.getPort() : registry ? 2181 : https ? 443 : scheme.equals("http") ? 80 : io.triple.server.TripleServer.DEFAULT_PORT;
    return new Target(t, scheme, uri.getHost(), port, registry, https);
  }

  /** {@code host:port} for URLs and messages. */
  String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The registry target with the service as its path, as {@code Channels.forTarget} wants it:
   * {@code zookeeper://h:2181?version=1} and service {@code pkg.Svc} give
   * {@code zookeeper://h:2181/pkg.Svc?version=1}; a path already there is kept.
   */
  String registryTarget(String service) {
    URI uri = URI.create(text);
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      return text;
    }
    String query = uri.getRawQuery();
    return scheme + "://" + uri.getRawAuthority() + "/" + service + (query == null ? "" : "?" + query);
  }

  /**
   * The target without {@code version} and {@code group}: a provider registers its reflection
   * and health services under neither, whatever its services' version and group.
   */
  String withoutServiceKeys() {
    URI uri = URI.create(text);
    String query = uri.getRawQuery();
    if (query == null) {
      return text;
    }
    StringBuilder kept = new StringBuilder();
    for (String p : query.split("&")) {
      String k = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
      if (!k.equals("version") && !k.equals("group") && !p.isEmpty()) {
        kept.append(kept.length() == 0 ? "?" : "&").append(p);
      }
    }
    return text.substring(0, text.indexOf('?')) + kept;
  }

  /** A query parameter of the target ({@code version}, {@code group}), or null. */
  String parameter(String key) {
    String query = URI.create(text).getRawQuery();
    if (query != null) {
      for (String p : query.split("&")) {
        if (p.startsWith(key + "=")) {
          return java.net.URLDecoder.decode(p.substring(key.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  /** The registry's service path, or null when the target names none. */
  String registryService() {
    String path = URI.create(text).getPath();
    return path == null || path.length() <= 1 ? null : path.substring(1);
  }
}
