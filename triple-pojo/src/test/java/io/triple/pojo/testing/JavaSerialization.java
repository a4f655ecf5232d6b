package io.triple.pojo.testing;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
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
 * A test-only serialization: Java's own, with every class the stream names passed through the
 * {@link ClassGuard} before it is loaded (as the SPI requires of hessian2 and fastjson2, which are
 * written elsewhere). Enough to drive the wrapper and generic paths without those modules.
 */
public final class JavaSerialization implements Serialization {
  public static final String NAME = "test-java";

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
    ObjectInputStream o = new ObjectInputStream(in) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException {
        return guard.load(desc.getName()); // ClassRefusedException ends the read
      }

      @Override
      protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
        throw new ClassRefusedException(String.join(",", interfaces), "proxies are not read here");
      }
    };
    try {
      return o.readObject();
    } catch (ClassNotFoundException e) {
      throw new InvalidClassException(e.getMessage());
    }
  }
}
