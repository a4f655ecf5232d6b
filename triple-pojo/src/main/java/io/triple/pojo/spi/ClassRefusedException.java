package io.triple.pojo.spi;

import java.io.IOException;

/**
 * Bytes from the network named a class that may not be deserialized here. The call fails with
 * a status naming the class; nothing of it was loaded or instantiated.
 */
public final class ClassRefusedException extends IOException {
  private final String className;

  public ClassRefusedException(String className, String reason) {
    super("[Serialization Security] class " + className + " refused: " + reason);
    this.className = className;
  }

  /** The class the bytes named. */
  public String className() {
    return className;
  }
}
