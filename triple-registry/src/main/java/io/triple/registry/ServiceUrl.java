package io.triple.registry;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An Apache Dubbo URL, the unit a registry stores: {@code
 * tri://10.0.0.5:50051/org.apache.dubbo.sample.tri.Greeter?application=x&interface=...&side=provider}.
 * Immutable; {@code with*} returns a copy.
 *
 * <p>Why a model of our own: Dubbo Java providers and consumers read and write these strings in
 * ZooKeeper, so we must parse theirs and print ours in the same shape. {@link #toFullString()}
 * prints parameters sorted by name, as Dubbo does, so the same URL always gives the same node
 * name. Parameter values are not percent-encoded inside the URL; a registry encodes the whole
 * string once ({@link #encode}).
 */
public final class ServiceUrl {
  // Dubbo's parameter names, used by providers, consumers and registries.
  public static final String INTERFACE = "interface";
  public static final String VERSION = "version";
  public static final String GROUP = "group";
  public static final String SIDE = "side";
  public static final String CATEGORY = "category";
  public static final String APPLICATION = "application";
  public static final String METHODS = "methods";
  public static final String WEIGHT = "weight";
  public static final String TIMESTAMP = "timestamp";
  /** A provider's call timeout in ms, for consumers that set none (Dubbo's). */
  public static final String TIMEOUT = "timeout";
  /** A provider's retries, for consumers that set none (Dubbo's). */
  public static final String RETRIES = "retries";
  public static final String ENABLED = "enabled";
  public static final String PROVIDERS_CATEGORY = "providers";
  public static final String CONSUMERS_CATEGORY = "consumers";
  /** Default provider weight, as Dubbo's. */
  public static final int DEFAULT_WEIGHT = 100;

  private final String protocol;
  private final String host;
  private final int port;
  private final String path;
  private final Map<String, String> parameters;

  private ServiceUrl(String protocol, String host, int port, String path, Map<String, String> parameters) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.host = host == null ? "" : host;
    this.port = port;
    this.path = path == null ? "" : path;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A URL without parameters. */
  public static ServiceUrl of(String protocol, String host, int port, String path) {
    return new ServiceUrl(protocol, host, port, path, Map.of());
  }

  /**
   * Parses {@code protocol://[user[:password]@]host[:port][/path][?k=v&k=v]}. Hosts may be IPv6
   * in brackets. Parameters without '=' get an empty value; later duplicates win.
   *
   * @throws IllegalArgumentException if there is no {@code ://}
   */
  public static ServiceUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String s = url.trim();
    int schemeEnd = s.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException("Not a URL (expected protocol://host:port/path?params): '" + url + "'");
    }
    String protocol = s.substring(0, schemeEnd);
    String rest = s.substring(schemeEnd + 3);
    Map<String, String> params = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      parseQuery(rest.substring(q + 1), params);
      rest = rest.substring(0, q);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1); // credentials are not kept
    }
    String host = rest;
    int port = 0;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("Unclosed '[' in host of '" + url + "'");
      }
      host = rest.substring(1, close);
      if (rest.length() > close + 1 && rest.charAt(close + 1) == ':') {
        port = parsePort(rest.substring(close + 2), url);
      }
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0 && rest.indexOf(':') == colon) {
        host = rest.substring(0, colon);
        port = parsePort(rest.substring(colon + 1), url);
      }
    }
    return new ServiceUrl(protocol, host, port, path, params);
  }

  private static int parsePort(String p, String url) {
    if (p.isEmpty()) {
      return 0;
    }
    try {
      int port = Integer.parseInt(p);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port out of range in '" + url + "'");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Bad port '" + p + "' in '" + url + "'", e);
    }
  }

  private static void parseQuery(String query, Map<String, String> out) {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.put(pair, "");
      } else if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
  }

  /** URL-encodes (UTF-8, form encoding), as Dubbo's {@code URL.encode}: the registry node name. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The inverse of {@link #encode}. */
  public static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  public String protocol() {
    return protocol;
  }

  public String host() {
    return host;
  }

  /** The port, 0 when none was given. */
  public int port() {
    return port;
  }

  /** The path without the leading '/', usually the interface name. */
  public String path() {
    return path;
  }

  /** {@code host:port} (IPv6 hosts in brackets). */
  public String address() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port > 0 ? h + ":" + port : h;
  }

  /** All parameters, in insertion order. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** A parameter, or null. */
  public String parameter(String key) {
    return parameters.get(key);
  }

  /** A parameter, or {@code defaultValue} when missing or empty. */
  public String parameter(String key, String defaultValue) {
    String v = parameters.get(key);
    return v == null || v.isEmpty() ? defaultValue : v;
  }

  /** An integer parameter, or {@code defaultValue} when missing, empty or not a number. */
  public int intParameter(String key, int defaultValue) {
    String v = parameters.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  /** A long parameter, or {@code defaultValue} when missing, empty or not a number. */
  public long longParameter(String key, long defaultValue) {
    String v = parameters.get(key);
    if (v == null || v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  /** The {@code interface} parameter, or the path when it is missing. */
  public String serviceInterface() {
    return parameter(INTERFACE, path);
  }

  /** The {@code version} parameter; empty when not set. */
  public String version() {
    return parameter(VERSION, "");
  }

  /** The {@code group} parameter; empty when not set. */
  public String group() {
    return parameter(GROUP, "");
  }

  /** The {@code weight} parameter, default {@value #DEFAULT_WEIGHT}; never negative. */
  public int weight() {
    return Math.max(0, intParameter(WEIGHT, DEFAULT_WEIGHT));
  }

  /**
   * The registry directory the URL belongs in: the {@code category} parameter, else
   * {@code consumers} for {@code side=consumer} and {@code providers} otherwise.
   */
  public String category() {
    String c = parameter(CATEGORY);
    if (c != null && !c.isEmpty()) {
      return c;
    }
    return "consumer".equals(parameter(SIDE)) ? CONSUMERS_CATEGORY : PROVIDERS_CATEGORY;
  }

  public ServiceUrl withParameter(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>(parameters);
    if (value == null) {
      p.remove(key);
    } else {
      p.put(key, value);
    }
    return new ServiceUrl(protocol, host, port, path, p);
  }

  /** A copy with these parameters added (replacing same-named ones). */
  public ServiceUrl withParameters(Map<String, String> more) {
    Map<String, String> p = new LinkedHashMap<>(parameters);
    p.putAll(more);
    return new ServiceUrl(protocol, host, port, path, p);
  }

  public ServiceUrl withProtocol(String protocol) {
    return new ServiceUrl(protocol, host, port, path, parameters);
  }

  public ServiceUrl withAddress(String host, int port) {
    return new ServiceUrl(protocol, host, port, path, parameters);
  }

  public ServiceUrl withPath(String path) {
    return new ServiceUrl(protocol, host, port, path, parameters);
  }

  /** The URL with all parameters, sorted by name (as Dubbo prints it). */
  public String toFullString() {
    StringBuilder b = new StringBuilder(protocol).append("://").append(address());
    if (!path.isEmpty()) {
      b.append('/').append(path);
    }
    char sep = '?';
    for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = '&';
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceUrl u && port == u.port && protocol.equals(u.protocol) && host.equals(u.host)
        && path.equals(u.path) && parameters.equals(u.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, host, port, path, parameters);
  }

  @Override
  public String toString() {
    return toFullString();
  }
}
