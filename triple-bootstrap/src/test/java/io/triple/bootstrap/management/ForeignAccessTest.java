package io.triple.bootstrap.management;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may run the protected commands: loopback, then qos_accept_foreign_ip and its whitelist. */
class ForeignAccessTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void loopbackAlwaysOthersOnlyWhenListed() throws Exception {
    ForeignAccess none = new ForeignAccess(false, List.of());
    assertTrue(none.permits(ip("127.0.0.1")));
    assertTrue(none.permits(ip("::1")));
    assertFalse(none.permits(ip("10.1.2.3")));

    ForeignAccess listed = new ForeignAccess(false, List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));
    assertTrue(listed.permits(ip("10.1.2.3")));
    assertFalse(listed.permits(ip("11.0.0.1")));
    assertTrue(listed.permits(ip("192.168.1.7")));
    assertFalse(listed.permits(ip("192.168.1.8")));
    assertTrue(listed.permits(ip("172.31.255.255")), "a prefix that is not a whole byte");
    assertFalse(listed.permits(ip("172.32.0.1")));
    assertTrue(listed.permits(ip("fd12::1")));
    assertFalse(listed.permits(ip("fe80::1")));

    assertTrue(new ForeignAccess(true, List.of()).permits(ip("8.8.8.8")));
  }

  @Test
  void aBadEntryIsRefusedWithoutALookup() {
    assertThrows(IllegalArgumentException.class, () -> new ForeignAccess(false, List.of("10.0.0.0/33")));
    assertThrows(IllegalArgumentException.class, () -> new ForeignAccess(false, List.of("example.com")));
  }
}
