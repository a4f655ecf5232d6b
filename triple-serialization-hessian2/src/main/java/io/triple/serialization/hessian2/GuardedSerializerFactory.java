package io.triple.serialization.hessian2;

import com.alibaba.com.caucho.hessian.io.AbstractHessianOutput;
import com.alibaba.com.caucho.hessian.io.ArrayDeserializer;
import com.alibaba.com.caucho.hessian.io.Deserializer;
import com.alibaba.com.caucho.hessian.io.HessianProtocolException;
import com.alibaba.com.caucho.hessian.io.Serializer;
import com.alibaba.com.caucho.hessian.io.SerializerFactory;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.DubboGenericException;
import io.triple.pojo.spi.Gadgets;
import io.triple.pojo.spi.WireObject;
import java.io.IOException;
import java.util.Set;

/**
 * hessian-lite's SerializerFactory with every class name from the bytes put to the read's guard
 * ({@link ReadScope}). Writing is untouched: with its defaults (non-Serializable classes refused,
 * the Unsafe field serializer where the JVM has it) the base factory picks the same serializers as
 * Dubbo's Hessian2SerializerFactory. Dubbo's only change to writing is a check of the class
 * against its allow list that may throw (STRICT refuses to write a class it would not read); what
 * it does write are the base factory's bytes.
 *
 * <p>The base factory resolves a name in {@code getDeserializer(String)}: it loads the class with
 * {@code loadSerializedClass}, and if that throws it logs, remembers the name as unknown (in a
 * static cache shared by every factory in the JVM) and reads the value as a HashMap. That is how
 * Dubbo degrades a class outside its allow list; here the name is resolved before the base class
 * sees it, and a refusal ends the read.
 */
final class GuardedSerializerFactory extends SerializerFactory {
  /**
   * hessian's own type names (not Java class names), which the base factory maps to built-in
   * deserializers through a fixed table without loading anything.
   */
  private static final Set<String> HESSIAN_TYPES = Set.of(
      "void", "boolean", "byte", "short", "int", "long", "float", "double", "char", "string",
      "object", "date", "[boolean", "[byte", "[short", "[int", "[long", "[float", "[double", "[char",
      "[string", "[object");

  GuardedSerializerFactory(ClassLoader loader) {
    super(loader);
  }

  /**
   * A generic call's exception as Dubbo's providers write it: class {@link
   * DubboGenericException#WIRE_NAME} with exceptionClass, exceptionMessage and detailMessage; and
   * {@link WireObject}s as objects of the class they name (the only writing this factory changes).
   */
  @Override
  public Serializer getSerializer(Class cl) throws HessianProtocolException {
    if (cl == DubboGenericException.class) {
      return GENERIC_EXCEPTION;
    }
    return cl == WireObject.class ? WireObjects.SERIALIZER : super.getSerializer(cl);
  }

  private static final Serializer GENERIC_EXCEPTION = new Serializer() {
    @Override
    public void writeObject(Object obj, AbstractHessianOutput out) throws IOException {
      if (out.addRef(obj)) {
        return;
      }
      DubboGenericException g = (DubboGenericException) obj;
      String[] names = {"exceptionClass", "exceptionMessage", "detailMessage"};
      String[] values = {g.exceptionClass(), g.exceptionMessage(), g.getMessage()};
      int ref = out.writeObjectBegin(DubboGenericException.WIRE_NAME);
      if (ref < -1) { // the map form of hessian 1
        for (int i = 0; i < names.length; i++) {
          out.writeString(names[i]);
          out.writeString(values[i]);
        }
        out.writeMapEnd();
        return;
      }
      if (ref == -1) { // the class definition, then the instance
        out.writeClassFieldLength(names.length);
        for (String name : names) {
          out.writeString(name);
        }
        out.writeObjectBegin(DubboGenericException.WIRE_NAME);
      }
      for (String value : values) {
        out.writeString(value);
      }
    }
  };

  @Override
  public Deserializer getDeserializer(String type) throws HessianProtocolException {
    if (type == null || type.isEmpty() || HESSIAN_TYPES.contains(type)) {
      return super.getDeserializer(type);
    }
    if (type.charAt(0) == '[') {
      // Hessian names an array of X "[X". The base factory caches arrays by that whole name, so a
      // second read would skip the guard for X; resolve the element every time instead.
      Deserializer element = getDeserializer(type.substring(1));
      return new ArrayDeserializer(element == null ? Object.class : element.getType());
    }
    if (ReadScope.readsAsWireObject(type)) {
      return new WireObjects.Reader(type); // a peer's class we do not have: nothing is loaded
    }
    try {
      return getDeserializer(ReadScope.load(type)); // cached per class by the base factory
    } catch (ClassRefusedException e) {
      throw new HessianProtocolException(e.getMessage(), e);
    }
  }

  @Override
  protected Deserializer loadDeserializer(Class cl) throws HessianProtocolException {
    // Reached for classes hessian reads by declaration (a parameter or field type) when the bytes
    // name none; the gadget list holds even there.
    if (Gadgets.isGadget(cl.getName())) {
      ClassRefusedException e = ReadScope.refused(
          new ClassRefusedException(cl.getName(), "a known deserialization gadget"));
      throw new HessianProtocolException(e.getMessage(), e);
    }
    if (cl == Class.class) {
      return GuardedClassDeserializer.INSTANCE; // the base one loads any class name it reads
    }
    return super.loadDeserializer(cl);
  }

  @Override
  public Class<?> loadSerializedClass(String className) throws ClassNotFoundException {
    // getDeserializer(String) resolves names itself, so the base class never calls this; should a
    // future hessian-lite do, it still goes through the guard.
    try {
      return ReadScope.load(className);
    } catch (ClassRefusedException e) {
      throw new ClassNotFoundException(e.getMessage(), e);
    }
  }
}
