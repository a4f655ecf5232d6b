package io.triple.pojo.internal;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Serialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Values in and out of the wrappers: each argument and result serialized on its own, read back
 * under the class guard. Failures become statuses that say which value of which method and why,
 * since the caller sees nothing else.
 */
public final class PojoCodec {
  private PojoCodec() {}

  public static byte[] write(Serialization s, Object value, Class<?> declared) throws StatusException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try {
      s.write(value, declared, out);
    } catch (IOException | RuntimeException e) {
      throw Status.INTERNAL.withDescription("cannot serialize " + describe(value) + " with " + s.name() + ": " + e)
          .withCause(e).asException();
    }
    return out.toByteArray();
  }

  public static Wrappers.Request request(Serialization s, PojoMethod m, Object[] args) throws StatusException {
    Class<?>[] types = m.requestTypes();
    List<byte[]> bytes = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      bytes.add(write(s, args[i], types[i]));
    }
    return new Wrappers.Request(Wrappers.toWireName(s.name()), bytes, m.argTypes());
  }

  /** The arguments of {@code request} for {@code m}; INVALID_ARGUMENT (or PERMISSION_DENIED for a refused class) if they cannot be read. */
  public static Object[] arguments(Serialization s, PojoMethod m, Wrappers.Request request, ClassGuard guard)
      throws StatusException {
    Class<?>[] types = m.requestTypes();
    Type[] generic = m.genericRequestTypes();
    if (request.args().size() != types.length) {
      throw Status.INVALID_ARGUMENT.withDescription(m + " takes " + types.length + " argument(s), the request has "
          + request.args().size()).asException();
    }
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = read(s, request.args().get(i), types[i], generic[i], guard, "argument " + i + " of " + m);
    }
    return args;
  }

  public static Object read(Serialization s, byte[] data, Class<?> declared, Type generic, ClassGuard guard,
      String what) throws StatusException {
    try {
      return s.read(new ByteArrayInputStream(data), declared, generic, guard);
    } catch (ClassRefusedException e) {
      throw Status.PERMISSION_DENIED.withDescription(what + ": " + e.getMessage()).asException();
    } catch (IOException | RuntimeException e) {
      throw Status.INVALID_ARGUMENT.withDescription(what + " is not valid " + s.name() + ": " + e.getMessage())
          .withCause(e).asException();
    }
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }
}
