package io.triple.serialization.hessian2;

import com.alibaba.com.caucho.hessian.io.AbstractDeserializer;
import com.alibaba.com.caucho.hessian.io.AbstractHessianInput;
import com.alibaba.com.caucho.hessian.io.AbstractHessianOutput;
import com.alibaba.com.caucho.hessian.io.Serializer;
import io.triple.pojo.spi.WireObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link WireObject}s in hessian 2: written as an object of the named class (a class definition
 * with the field names, then the values), exactly as hessian-lite's field serializer writes an
 * instance of that class with those fields in that order; read back, for a name the read's guard
 * lists, into a WireObject without loading any class.
 */
final class WireObjects {
  private WireObjects() {}

  static final Serializer SERIALIZER = new Serializer() {
    @Override
    public void writeObject(Object obj, AbstractHessianOutput out) throws IOException {
      if (out.addRef(obj)) {
        return;
      }
      WireObject w = (WireObject) obj;
      int ref = out.writeObjectBegin(w.className());
      if (ref < -1) { // the map form of hessian 1
        for (Map.Entry<String, Object> e : w.fields().entrySet()) {
          out.writeString(e.getKey());
          out.writeObject(e.getValue());
        }
        out.writeMapEnd();
        return;
      }
      if (ref == -1) { // first of its class in this value: the definition, then the instance
        out.writeClassFieldLength(w.fields().size());
        for (String name : w.fields().keySet()) {
          out.writeString(name);
        }
        out.writeObjectBegin(w.className());
      }
      for (Object value : w.fields().values()) {
        out.writeObject(value);
      }
    }
  };

  /** Reads objects of {@code className} into WireObjects. */
  static final class Reader extends AbstractDeserializer {
    private final String className;

    Reader(String className) {
      this.className = className;
    }

    @Override
    public Class<?> getType() {
      return WireObject.class;
    }

    @Override
    public Object readObject(AbstractHessianInput in, Object[] fields) throws IOException {
      // the definition's field names (AbstractDeserializer.createField keeps them as strings)
      Map<String, Object> values = new LinkedHashMap<>();
      int ref = in.addRef(null);
      for (Object name : fields) {
        values.put((String) name, in.readObject());
      }
      WireObject w = new WireObject(className, values);
      in.setRef(ref, w);
      return w;
    }

    @Override
    public Object readMap(AbstractHessianInput in) throws IOException {
      // hessian 1's map form of an object, and typed maps naming the class
      Map<String, Object> values = new LinkedHashMap<>();
      int ref = in.addRef(null);
      while (!in.isEnd()) {
        values.put(String.valueOf(in.readObject()), in.readObject());
      }
      in.readMapEnd();
      WireObject w = new WireObject(className, values);
      in.setRef(ref, w);
      return w;
    }
  }
}
