package io.triple.serialization.fastjson2;

import com.alibaba.fastjson2.JSONB;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.DubboGenericException;
import io.triple.pojo.spi.Serialization;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Dubbo's {@code fastjson2} serialization: fastjson2's binary JSONB, as Dubbo 3.3's
 * {@code FastJson2ObjectOutput} and {@code FastJson2ObjectInput} use it (the fastjson2 version is
 * Dubbo 3.3.6's).
 *
 * <p><b>Bytes.</b> Each value is a 4-byte big-endian length followed by that many bytes of JSONB,
 * written by {@code JSONB.toBytes} with Dubbo's features: WriteClassName, FieldBased,
 * ErrorOnNoneSerializable, ReferenceDetection, WriteNulls, NotWriteDefaultValue,
 * NotWriteHashMapArrayListClassName, WriteNameAsSymbol (Dubbo's default, where Serializable is
 * checked). Class names travel in the JSONB: that of the value, and of each value inside it whose
 * class is not the one its field declares, except where JSONB has a type of its own (strings,
 * numbers, BigDecimal, Date, java.time) and for HashMap and ArrayList, which those features leave
 * unnamed; JDK implementation classes arrive by name ({@code java.util.ImmutableCollections$List12}).
 * Null is a value too (one JSONB byte). Non-Serializable classes are refused, as in Dubbo. The declared
 * type plays no part in writing. Reading parses the JSONB into the declared class with Dubbo's read
 * features (UseDefaultConstructorAsPossible, ErrorOnNoneSerializable, IgnoreAutoTypeNotMatch,
 * UseNativeObject, FieldBased); the generic type is not used, as in Dubbo; a result that is not of
 * the declared type fails, as in Dubbo.
 *
 * <p><b>Security.</b> AutoType support stays off, and every class name in the bytes goes to the
 * read's {@link ClassGuard} before fastjson2 loads or creates anything: names are resolved only by
 * an AutoTypeBeforeHandler bound to the read, with fastjson2's hash-keyed reader cache taken out of
 * the way (it would answer for a name without asking). A refused name ends the read with
 * {@link io.triple.pojo.spi.ClassRefusedException}, where Dubbo in STRICT mode fails with an
 * IllegalArgumentException. One exception, which adds nothing: fastjson2 takes a name that is
 * exactly the class it already expects there (the declared type, a field's declared class) without
 * asking. Known gadget classes are refused even where only a declaration reaches them.
 */
public final class Fastjson2Serialization implements Serialization {
  private static final JSONWriter.Feature[] WRITE = {
      JSONWriter.Feature.WriteClassName,
      JSONWriter.Feature.FieldBased,
      JSONWriter.Feature.ErrorOnNoneSerializable,
      JSONWriter.Feature.ReferenceDetection,
      JSONWriter.Feature.WriteNulls,
      JSONWriter.Feature.NotWriteDefaultValue,
      JSONWriter.Feature.NotWriteHashMapArrayListClassName,
      JSONWriter.Feature.WriteNameAsSymbol
  };

  private static final JSONReader.Feature[] READ = {
      JSONReader.Feature.UseDefaultConstructorAsPossible,
      JSONReader.Feature.ErrorOnNoneSerializable,
      JSONReader.Feature.IgnoreAutoTypeNotMatch,
      JSONReader.Feature.UseNativeObject,
      JSONReader.Feature.FieldBased
  };

  // Our own, so that no reader found by hash under one guard answers for another (see there).
  private final GuardedReaderProvider readers = new GuardedReaderProvider();

  @Override
  public String name() {
    return "fastjson2";
  }

  /**
   * A generic call's exception as Dubbo's providers write it: {@code {"@type":
   * "com.alibaba.dubbo.rpc.service.GenericException", "exceptionClass": .., "exceptionMessage": ..,
   * "detailMessage": ..}}.
   */
  private static byte[] genericException(DubboGenericException g) {
    try (JSONWriter w = JSONWriter.ofJSONB(WRITE)) {
      w.writeTypeName(DubboGenericException.WIRE_NAME);
      w.startObject();
      String[] names = {"exceptionClass", "exceptionMessage", "detailMessage"};
      String[] values = {g.exceptionClass(), g.exceptionMessage(), g.getMessage()};
      for (int i = 0; i < names.length; i++) {
        if (values[i] != null) {
          w.writeName(names[i]);
          w.writeString(values[i]);
        }
      }
      w.endObject();
      return w.getBytes();
    }
  }

  @Override
  public void write(Object value, Class<?> declaredType, OutputStream out) throws IOException {
    byte[] jsonb;
    try {
      jsonb = value instanceof DubboGenericException g ? genericException(g)
          : JSONB.toBytes(value, WRITE); // Dubbo's very call: fastjson2's default writer provider
    } catch (RuntimeException e) { // e.g. "not support none-Serializable class"
      throw new IOException("fastjson2 cannot write a " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
    out.write(new byte[] {
        (byte) (jsonb.length >>> 24), (byte) (jsonb.length >>> 16), (byte) (jsonb.length >>> 8), (byte) jsonb.length});
    out.write(jsonb);
  }

  @Override
  public Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard)
      throws IOException {
    Class<?> expected = declaredType == null ? Object.class : declaredType;
    byte[] jsonb = readFrame(in);
    GuardedAutoTypeHandler handler = new GuardedAutoTypeHandler(guard);
    JSONReader.Context context = new JSONReader.Context(readers, handler, READ);
    context.config(JSONReader.Feature.SupportAutoType, false); // even if set JVM-wide by a property
    Object value;
    try {
      value = JSONB.parseObject(jsonb, expected, context);
    } catch (RuntimeException e) {
      ClassRefusedException refused = handler.refused() != null ? handler.refused() : refusalIn(e);
      if (refused != null) {
        throw refused;
      }
      throw new IOException("invalid fastjson2 value for " + expected.getName() + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) { // fastjson2 recurses once per level of nesting
      throw new IOException("fastjson2 value nested too deeply for " + expected.getName());
    }
    if (handler.refused() != null) {
      throw handler.refused(); // refused where fastjson2 caught it and carried on
    }
    return Types.checked(value, expected);
  }

  /** A refusal fastjson2 wrapped (the gadget check at reader creation), if {@code e} carries one. */
  private static ClassRefusedException refusalIn(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof ClassRefusedException refused) {
        return refused;
      }
    }
    return null;
  }

  /** The JSONB after Dubbo's 4-byte big-endian length. */
  private static byte[] readFrame(InputStream in) throws IOException {
    byte[] header = in.readNBytes(4);
    if (header.length < 4) {
      throw new EOFException("fastjson2 value: " + header.length + " of the 4 length bytes");
    }
    int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    if (length < 0) {
      throw new IOException("fastjson2 value: negative length " + length);
    }
    byte[] jsonb = in.readNBytes(length); // reads in chunks: a false length allocates no more than arrives
    if (jsonb.length < length) {
      throw new EOFException("fastjson2 value: " + jsonb.length + " of " + length + " bytes");
    }
    return jsonb;
  }
}
