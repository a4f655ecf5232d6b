package io.triple.serialization.hessian2;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Dubbo's {@code hessian2} serialization, through hessian-lite (org.apache.dubbo:hessian-lite,
 * Dubbo's own Hessian 2 fork, the version Dubbo 3.3.6 ships with).
 *
 * <p><b>Bytes.</b> Each value is written as Dubbo 3.3's {@code Hessian2ObjectOutput} writes it: a
 * new {@code Hessian2Output} over the stream, {@code writeObject(value)}, {@code flushBuffer()}; so
 * class definitions and back-references are local to one value. The serializer factory has
 * hessian-lite's defaults, which is how Dubbo configures its own: non-Serializable classes are
 * refused with an exception, fields are written by the Unsafe serializer, java.time values travel
 * as hessian-lite's {@code com.alibaba.com.caucho.hessian.io.java8.*Handle} classes. The declared
 * type plays no part in writing, as in Dubbo. Reading is {@code Hessian2Input.readObject(declared)},
 * as Dubbo's {@code Hessian2ObjectInput.readObject(Class)}: hessian-lite reads into the declared
 * class where it can (an object of another class has its fields copied by name into a new instance
 * of the declared one); a value that still is not of the declared type fails the read. The generic
 * type is not used (Dubbo does not use it either). Inside Triple's wrapper this serialization is
 * named {@code hessian4}.
 *
 * <p><b>Security.</b> Every class the bytes name (objects, typed maps and lists, array element
 * types, {@code java.lang.Class} values) is put to the read's {@link ClassGuard} before hessian-lite
 * loads it, and so are the element types of generic fields, which hessian-lite resolves by name
 * too. A refused class ends the read with {@link io.triple.pojo.spi.ClassRefusedException}: it is
 * never read as a HashMap of its fields, as Dubbo reads a class outside its allow list, and never
 * loaded or instantiated. Classes hessian-lite reaches by declaration only (a field's type, with no
 * name in the bytes) are checked against the gadget list. A name the guard lists in
 * {@link ClassGuard#readsAsWireObject} is read into a {@link io.triple.pojo.spi.WireObject} (its
 * fields by name) without loading anything; a WireObject is written as an object of the class it
 * names ({@code WireObjects}).
 */
public final class Hessian2Serialization implements Serialization {
  // One factory for every read and write: it caches a (de)serializer per class. Guards differ per
  // read, so nothing guard-dependent is cached in it (see GuardedSerializerFactory). Its loader
  // (Dubbo uses the context loader) finds hessian-lite's META-INF/dubbo/hessian (de)serializer lists.
  private final GuardedSerializerFactory factory =
      new GuardedSerializerFactory(Hessian2Serialization.class.getClassLoader());

  @Override
  public String name() {
    return "hessian2";
  }

  @Override
  public void write(Object value, Class<?> declaredType, OutputStream out) throws IOException {
    Hessian2Output output = new Hessian2Output(out);
    output.setSerializerFactory(factory);
    try {
      output.writeObject(value);
    } catch (RuntimeException e) { // e.g. "must implement java.io.Serializable"; out holds a partial value
      throw new IOException("hessian2 cannot write a " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
    output.flushBuffer();
  }

  @Override
  public Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard)
      throws IOException {
    Class<?> expected = declaredType == null ? Object.class : declaredType;
    Hessian2Input input = new Hessian2Input(in);
    input.setSerializerFactory(factory);
    Object value;
    try {
      value = ReadScope.run(guard, () -> input.readObject(expected));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) { // hessian-lite reports malformed bytes with runtime exceptions too
      throw new IOException("invalid hessian2 value for " + expected.getName() + ": " + e, e);
    } catch (StackOverflowError e) { // hessian-lite recurses once per level of nesting
      throw new IOException("hessian2 value nested too deeply for " + expected.getName());
    }
    return Types.checked(value, expected);
  }
}
