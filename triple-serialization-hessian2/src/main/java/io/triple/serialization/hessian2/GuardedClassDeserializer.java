package io.triple.serialization.hessian2;

import com.alibaba.com.caucho.hessian.io.AbstractHessianInput;
import com.alibaba.com.caucho.hessian.io.AbstractMapDeserializer;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a {@code java.lang.Class} value (an object of type {@code java.lang.Class} with one field,
 * {@code name}) as hessian-lite's ClassDeserializer does, but resolves the name through the read's
 * guard: hessian-lite's own loads any name it is given.
 */
final class GuardedClassDeserializer extends AbstractMapDeserializer {
  static final GuardedClassDeserializer INSTANCE = new GuardedClassDeserializer();

  // Names hessian-lite writes for primitive classes (Class.getName() of a primitive cannot be loaded).
  private static final Map<String, Class<?>> PRIMITIVES = Map.of(
      "void", void.class, "boolean", boolean.class, "byte", byte.class, "char", char.class,
      "short", short.class, "int", int.class, "long", long.class, "float", float.class,
      "double", double.class);

  private GuardedClassDeserializer() {}

  @Override
  public Class<?> getType() {
    return Class.class;
  }

  @Override
  public Object readMap(AbstractHessianInput in) throws IOException {
    int ref = in.addRef(null);
    String name = null;
    while (!in.isEnd()) {
      String key = in.readString();
      if ("name".equals(key)) {
        name = in.readString();
      } else {
        in.readObject();
      }
    }
    in.readMapEnd();
    Class<?> value = resolve(name);
    in.setRef(ref, value);
    return value;
  }

  @Override
  public Object readObject(AbstractHessianInput in, Object[] fields) throws IOException {
    int ref = in.addRef(null);
    String name = null;
    for (Object field : fields) {
      if ("name".equals(field)) {
        name = in.readString();
      } else {
        in.readObject();
      }
    }
    Class<?> value = resolve(name);
    in.setRef(ref, value);
    return value;
  }

  private static Class<?> resolve(String name) throws IOException {
    if (name == null) {
      throw new IOException("a serialized java.lang.Class without a name");
    }
    Class<?> primitive = PRIMITIVES.get(name);
    return primitive != null ? primitive : ReadScope.load(name);
  }
}
