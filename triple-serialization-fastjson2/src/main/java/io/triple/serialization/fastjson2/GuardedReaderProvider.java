package io.triple.serialization.fastjson2;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.modules.ObjectReaderModule;
import com.alibaba.fastjson2.reader.ObjectReader;
import com.alibaba.fastjson2.reader.ObjectReaderProvider;
import com.alibaba.fastjson2.util.TypeUtils;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Gadgets;
import java.lang.reflect.Type;

/**
 * fastjson2's reader provider, with two changes that keep every read to its own guard.
 *
 * <p>No cache of readers by type-name hash. Many of fastjson2's readers look a type name's hash up
 * there before they ask the AutoTypeBeforeHandler, and the provider fills it as it reads (each time
 * a value names the class it was expected to be, and three JDK types from the start); with the
 * JVM-wide default provider a class once read under one guard would come back, by hash, under every
 * other guard. Without it, every name the bytes carry reaches the read's handler. Readers stay
 * cached per class, which is what costs to build.
 *
 * <p>No reader for a known gadget class, even one reached by declaration only (a parameter or
 * field type, with no name in the bytes).
 */
final class GuardedReaderProvider extends ObjectReaderProvider {
  GuardedReaderProvider() {
    register(new ObjectReaderModule() { // consulted first, before a reader is created (then cached)
      @Override
      public ObjectReader getObjectReader(ObjectReaderProvider provider, Type type) {
        Class<?> cl = TypeUtils.getClass(type);
        if (cl != null && Gadgets.isGadget(cl.getName())) {
          ClassRefusedException e = new ClassRefusedException(cl.getName(), "a known deserialization gadget");
          throw new JSONException(e.getMessage(), e);
        }
        return null; // the base module's reader
      }
    });
  }

  @Override
  public ObjectReader getObjectReader(long hashCode) {
    return null; // every caller then resolves the name through the context's AutoTypeBeforeHandler
  }

  @Override
  public void registerIfAbsent(long hashCode, ObjectReader objectReader) {
    // nothing is looked up by hash, so nothing is kept
  }
}
