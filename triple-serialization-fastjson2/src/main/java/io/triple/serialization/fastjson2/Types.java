package io.triple.serialization.fastjson2;

import java.io.IOException;
import java.util.Map;

/** The check that a value read is of the declared type (boxes standing for primitives). */
final class Types {
  private static final Map<Class<?>, Class<?>> BOXES = Map.of(
      boolean.class, Boolean.class, byte.class, Byte.class, char.class, Character.class,
      short.class, Short.class, int.class, Integer.class, long.class, Long.class,
      float.class, Float.class, double.class, Double.class, void.class, Void.class);

  private Types() {}

  static Object checked(Object value, Class<?> declared) throws IOException {
    if (value != null && !BOXES.getOrDefault(declared, declared).isInstance(value)) {
      throw new IOException("the bytes hold a " + value.getClass().getName() + " where a "
          + declared.getName() + " is expected");
    }
    return value;
  }
}
