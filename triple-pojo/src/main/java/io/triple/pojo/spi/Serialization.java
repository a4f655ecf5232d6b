package io.triple.pojo.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * One of Dubbo's serializations (hessian2, fastjson2) for the values inside Triple's request and
 * response wrappers: each argument, each result and each business exception is written on its
 * own, exactly as Dubbo's {@code ObjectOutput.writeObject} followed by {@code flushBuffer} writes it,
 * so a Dubbo Java peer reads what we write and the other way round.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} and must be thread-safe.
 * Reading bytes from the network is where deserialization attacks happen: every class that the
 * bytes name must be passed to the {@link ClassGuard} before it is loaded or instantiated, and a
 * refused class must end the read with {@link ClassRefusedException} (never fall back to creating
 * it).
 */
public interface Serialization {

  /**
   * Dubbo's name for it: {@code hessian2}, {@code fastjson2}. (Inside the wrapper hessian2 travels
   * as {@code hessian4}; callers map that, implementations see only this name.)
   */
  String name();

  /**
   * Writes {@code value} (may be null) whose declared type is {@code declaredType}.
   *
   * @throws IOException if the value cannot be written (e.g. a class the serialization refuses)
   */
  void write(Object value, Class<?> declaredType, OutputStream out) throws IOException;

  /**
   * Reads one value written by {@link #write} (or by Dubbo Java) from {@code in}, which holds
   * exactly that value. {@code declaredType} and {@code genericType} are what the reader expects
   * (the parameter or return type of the method); the value may be of a subclass, named in the
   * bytes, if {@code guard} allows it.
   *
   * @throws ClassRefusedException if the bytes name a class {@code guard} refuses
   * @throws IOException if the bytes are not a valid value
   */
  Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard) throws IOException;
}
