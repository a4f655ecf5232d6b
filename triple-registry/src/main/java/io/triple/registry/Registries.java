package io.triple.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds {@link RegistryFactory} implementations on the class path and parses registry addresses. */
public final class Registries {
  private Registries() {}

  /** The factory for a registry protocol, or null when none is on the class path. */
  public static RegistryFactory factory(String protocol) {
    String p = protocol.toLowerCase(Locale.ROOT);
    for (RegistryFactory f : ServiceLoader.load(RegistryFactory.class, Registries.class.getClassLoader())) {
      if (f.protocol().equalsIgnoreCase(p)) {
        return f;
      }
    }
    return null;
  }

  /**
   * A registry client for {@code url}.
   *
   * @throws RegistryException if no implementation of the URL's protocol is on the class path
   */
  public static Registry create(ServiceUrl url) {
    RegistryFactory f = factory(url.protocol());
    if (f == null) {
      throw new RegistryException("No registry implementation for '" + url.protocol()
          + "' on the class path (for zookeeper add io.triple:triple-registry-zookeeper)");
    }
    return f.create(url);
  }

  /**
   * A registry URL from an address as written in configuration: {@code zookeeper://h1:2181},
   * {@code h1:2181,h2:2181} (with {@code defaultProtocol}) or
   * {@code zookeeper://h1:2181?backup=h2:2181}. Extra addresses go to the {@code backup}
   * parameter, as in Dubbo; the timeout, if given, to {@code timeout} (milliseconds).
   */
  public static ServiceUrl parseAddress(String address, String defaultProtocol, Duration timeout) {
    String a = address == null ? "" : address.trim();
    if (a.isEmpty()) {
      throw new IllegalArgumentException("Empty registry address");
    }
    if (!a.contains("://")) {
      if (defaultProtocol == null || defaultProtocol.isEmpty()) {
        throw new IllegalArgumentException("Registry address '" + address
            + "' has no protocol; write it as zookeeper://" + a);
      }
      a = defaultProtocol + "://" + a;
    }
    int schemeEnd = a.indexOf("://");
    String afterScheme = a.substring(schemeEnd + 3);
    int cut = indexOfAny(afterScheme, "/?");
    String hosts = cut < 0 ? afterScheme : afterScheme.substring(0, cut);
    String tail = cut < 0 ? "" : afterScheme.substring(cut);
    List<String> all = new ArrayList<>();
    for (String h : hosts.split(",")) {
      if (!h.isBlank()) {
        all.add(h.trim());
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("No host in registry address '" + address + "'");
    }
    ServiceUrl url = ServiceUrl.parse(a.substring(0, schemeEnd + 3) + all.get(0) + tail);
    if (all.size() > 1) {
      String backup = String.join(",", all.subList(1, all.size()));
      String old = url.parameter("backup");
      url = url.withParameter("backup", old == null || old.isEmpty() ? backup : old + "," + backup);
    }
    if (timeout != null && url.parameter("timeout") == null) {
      url = url.withParameter("timeout", Long.toString(timeout.toMillis()));
    }
    return url;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** All {@code host:port} of a registry URL: its address then its {@code backup} list. */
  public static List<String> hosts(ServiceUrl registryUrl) {
    List<String> out = new ArrayList<>();
    out.add(registryUrl.port() > 0 ? registryUrl.address() : registryUrl.address() + ":2181");
    String backup = registryUrl.parameter("backup");
    if (backup != null) {
      for (String b : backup.split(",")) {
        if (!b.isBlank()) {
          out.add(b.trim().contains(":") ? b.trim() : b.trim() + ":2181");
        }
      }
    }
    return out;
  }
}
