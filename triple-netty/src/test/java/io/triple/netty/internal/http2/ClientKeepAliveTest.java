package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientKeepAliveTest {
  @Test
  void tooManyPingsDoublesTheInterval() {
    ClientKeepAlive ka = new ClientKeepAlive(TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(20), false);
    ka.tooManyPings("server:1");
    assertEquals(TimeUnit.SECONDS.toNanos(20), ka.timeNanos());
    ka.tooManyPings("server:1");
    assertEquals(TimeUnit.SECONDS.toNanos(40), ka.timeNanos());
    assertEquals(TimeUnit.SECONDS.toNanos(20), ka.timeoutNanos());
  }

  @Test
  void doublingStopsAtTheLargestInterval() {
    ClientKeepAlive ka = new ClientKeepAlive(Long.MAX_VALUE / 2 + 1, 1, true);
    ka.tooManyPings("server:1");
    assertEquals(Long.MAX_VALUE, ka.timeNanos());
  }
}
