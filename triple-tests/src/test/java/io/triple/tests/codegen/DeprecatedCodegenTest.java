package io.triple.tests.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.StreamObserver;
import org.junit.jupiter.api.Test;
import triple.tests.deprecated.OldPinger;
import triple.tests.deprecated.OldPingerClient;
import triple.tests.deprecated.Beat;
import triple.tests.deprecated.Pinger;
import triple.tests.deprecated.PingerClient;

/** {@code option deprecated = true} on a service or rpc becomes {@code @Deprecated}, as protoc does for messages. */
@SuppressWarnings("deprecation")
class DeprecatedCodegenTest {
  @Test
  void aDeprecatedServiceHasADeprecatedInterfaceAndClient() {
    assertTrue(OldPinger.class.isAnnotationPresent(Deprecated.class));
    assertTrue(OldPingerClient.class.isAnnotationPresent(Deprecated.class));
    assertFalse(Pinger.class.isAnnotationPresent(Deprecated.class));
    assertFalse(PingerClient.class.isAnnotationPresent(Deprecated.class));
  }

  @Test
  void aDeprecatedRpcHasDeprecatedMethodsOnly() throws Exception {
    for (Class<?> c : new Class<?>[] {Pinger.class, PingerClient.class}) {
      assertTrue(c.getMethod("oldPing", Beat.class).isAnnotationPresent(Deprecated.class), c + ".oldPing");
      assertTrue(c.getMethod("oldPingAsync", Beat.class).isAnnotationPresent(Deprecated.class), c + ".oldPingAsync");
      assertTrue(c.getMethod("oldStream", StreamObserver.class).isAnnotationPresent(Deprecated.class),
          c + ".oldStream");
      assertFalse(c.getMethod("ping", Beat.class).isAnnotationPresent(Deprecated.class), c + ".ping");
    }
  }
}
