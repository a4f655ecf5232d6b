package io.triple.serialization.fastjson2;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Harmless stand-in for a gadget: loading it with initialization, or creating one, sets
 * {@link #TOUCHED}. Nothing in the tests may create it; the flag lives in a nested class so reading
 * it does not initialize Evil.
 */
final class Evil implements Serializable {
  static final class Flag {
    static final AtomicBoolean TOUCHED = new AtomicBoolean();
  }

  static {
    Flag.TOUCHED.set(true);
  }

  String command;

  Evil() {
    Flag.TOUCHED.set(true);
  }
}
