package io.triple.serialization.fastjson2;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.JsonCodec;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * fastjson2's text JSON for interface methods called over plain HTTP (curl), as Dubbo 3.3's
 * {@code JsonCodec} reads them with fastjson2. No autoType: values become the declared types
 * (and their fields' declared types); a {@code @type} in the text is refused, with
 * PERMISSION_DENIED when the guard refuses the class it names (a gadget, say) and
 * INVALID_ARGUMENT otherwise. Readers of known gadget classes are never created.
 */
public final class Fastjson2JsonCodec implements JsonCodec {
  private static final JSONReader.Feature[] READ = {
      JSONReader.Feature.UseDefaultConstructorAsPossible,
      JSONReader.Feature.FieldBased,
      JSONReader.Feature.UseNativeObject
  };

  private static final JSONWriter.Feature[] WRITE = {
      JSONWriter.Feature.FieldBased,
      JSONWriter.Feature.ErrorOnNoneSerializable,
      JSONWriter.Feature.ReferenceDetection
  };

  private final GuardedReaderProvider readers = new GuardedReaderProvider();

  @Override
  public Object parseTree(String json) throws IOException {
    try {
      return JSON.parse(json, context(ClassGuard.permissive(getClass().getClassLoader()), new Refusing(null)));
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new IOException("JSON nested too deeply");
    }
  }

  @Override
  public Object read(String json, Class<?> declaredType, Type genericType, ClassGuard guard) throws IOException {
    Refusing handler = new Refusing(guard);
    Object value;
    try {
      value = JSON.parseObject(json, genericType == null ? declaredType : genericType, context(guard, handler));
    } catch (RuntimeException e) {
      if (handler.refused != null) {
        throw handler.refused;
      }
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof ClassRefusedException refused) {
          throw refused;
        }
      }
      throw new IOException(e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new IOException("JSON nested too deeply for " + declaredType.getName());
    }
    if (handler.refused != null) {
      throw handler.refused;
    }
    if (handler.named != null) {
      throw new IOException("'@type' (" + handler.named + ") is not accepted: values are read as the declared types");
    }
    if (value == null && declaredType.isPrimitive()) {
      throw new IOException("null for a " + declaredType.getName());
    }
    return Types.checked(value, declaredType);
  }

  @Override
  public String write(Object value) throws IOException {
    try {
      return JSON.toJSONString(value, WRITE);
    } catch (RuntimeException e) {
      throw new IOException("fastjson2 cannot write a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  private JSONReader.Context context(ClassGuard guard, Refusing handler) {
    JSONReader.Context context = new JSONReader.Context(readers, handler, READ);
    context.config(JSONReader.Feature.SupportAutoType, false); // even if set JVM-wide by a property
    return context;
  }

  /** Refuses every class a text names: nothing but the declared types is created. */
  private static final class Refusing implements JSONReader.AutoTypeBeforeHandler {
    private final ClassGuard guard;
    ClassRefusedException refused;
    String named;

    Refusing(ClassGuard guard) {
      this.guard = guard;
    }

    @Override
    public Class<?> apply(String typeName, Class<?> expectClass, long features) {
      if (named == null) {
        named = typeName;
      }
      if (guard != null && !guard.allows(typeName) && refused == null) {
        refused = new ClassRefusedException(typeName, "named by '@type' in a JSON request");
      }
      throw new JSONException("'@type' (" + typeName + ") is not accepted: values are read as the declared types");
    }
  }
}
