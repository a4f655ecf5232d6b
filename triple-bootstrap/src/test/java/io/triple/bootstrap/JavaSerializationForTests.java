package io.triple.bootstrap;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * A serialization for this module's tests only ("javatest", JDK serialization through the
 * guard): the real ones (hessian2, fastjson2) live in modules the bootstrap does not depend on,
 * and a POJO service or reference needs one installed to be made at all.
 */
public final class JavaSerializationForTests implements Serialization {
  static final String NAME = "javatest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void write(Object value, Class<?> declaredType, OutputStream out) throws IOException {
    ObjectOutputStream o = new ObjectOutputStream(out);
    o.writeObject(value);
    o.flush();
  }

  @Override
  public Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard) throws IOException {
    try (ObjectInputStream o = new ObjectInputStream(in) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException {
        return guard.load(desc.getName()); // every class the bytes name passes the guard first
      }

      @Override
      protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
        throw new InvalidClassException("proxy classes are not read here");
      }
    }) {
      return o.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
  }
}
