package io.triple.bootstrap.management;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may run the management commands that are not public (everything but {@code live},
 * {@code ready} and {@code startup}), as Dubbo's QoS decides it: this host's loopback always;
 * other hosts when {@code qos_accept_foreign_ip} is true or their address is in
 * {@code qos_accept_foreign_ip_whitelist} (addresses and CIDR blocks).
 */
final class ForeignAccess {
  private final boolean acceptAll;
  private final List<byte[]> networks = new ArrayList<>();
  private final List<Integer> prefixes = new ArrayList<>();

  ForeignAccess(boolean acceptAll, List<String> whitelist) {
    this.acceptAll = acceptAll;
    for (String entry : whitelist) {
      int slash = entry.indexOf('/');
      byte[] address = parse(slash < 0 ? entry : entry.substring(0, slash));
      int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
      if (prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException("bad prefix length in " + entry);
      }
      networks.add(address);
      prefixes.add(prefix);
    }
  }

  /** An address literal (never a name: no DNS lookup). */
  private static byte[] parse(String literal) {
    if (!literal.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("not an IP address: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }

  boolean permits(InetAddress peer) {
    if (acceptAll || peer.isLoopbackAddress()) {
      return true;
    }
    byte[] a = peer.getAddress();
    for (int i = 0; i < networks.size(); i++) {
      if (inNetwork(a, networks.get(i), prefixes.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean inNetwork(byte[] address, byte[] network, int prefix) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }
}
