package io.triple.serialization.fastjson2;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The same shape as {@link Evil}, read once with a guard that allows it: shows that reading such a
 * class does trip its flag, so Evil's flag staying down means something.
 */
final class Tripwire implements Serializable {
  static final class Flag {
    static final AtomicBoolean TOUCHED = new AtomicBoolean();
  }

  static {
    Flag.TOUCHED.set(true);
  }

  String command;

  Tripwire() {
    Flag.TOUCHED.set(true);
  }
}
