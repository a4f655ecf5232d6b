package io.triple.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The address to publish in a registry. Why it matters: a server bound to {@code 0.0.0.0} must
 * not register {@code 0.0.0.0}, which no consumer can connect to; Dubbo picks a reachable
 * address the same way.
 */
public final class LocalAddress {
  /** System property or environment variable that overrides the published host, as in Dubbo. */
  public static final String IP_TO_REGISTRY = "DUBBO_IP_TO_REGISTRY";

  private LocalAddress() {}

  /**
   * The host to register, in order of preference: {@code DUBBO_IP_TO_REGISTRY} (system property,
   * then environment), {@code configuredHost} if non-empty, {@code boundIp} if it is a specific
   * (non-wildcard) address, the first site-local then any non-loopback IPv4 address of an up
   * interface, and last {@code 127.0.0.1}. Never {@code 0.0.0.0}.
   */
  public static String forRegistry(String configuredHost, String boundIp) {
    String v = System.getProperty(IP_TO_REGISTRY);
    if (usable(v)) {
      return v.trim();
    }
    v = System.getenv(IP_TO_REGISTRY);
    if (usable(v)) {
      return v.trim();
    }
    if (usable(configuredHost)) {
      return configuredHost.trim();
    }
    if (usable(boundIp)) {
      return boundIp.trim();
    }
    return firstNonLoopbackIpv4();
  }

  private static boolean usable(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.trim();
    return !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]") && !h.equals("*");
  }

  /** A non-loopback IPv4 address of this machine (site-local preferred), else 127.0.0.1. */
  public static String firstNonLoopbackIpv4() {
    String any = null;
    try {
      Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
      for (NetworkInterface nic : nics == null ? Collections.<NetworkInterface>emptyList() : Collections.list(nics)) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isAnyLocalAddress()
              && !a.isLinkLocalAddress()) {
            if (a.isSiteLocalAddress()) {
              return a.getHostAddress();
            }
            if (any == null) {
              any = a.getHostAddress();
            }
          }
        }
      }
    } catch (SocketException e) {
      // fall through
    }
    return any != null ? any : "127.0.0.1";
  }
}
