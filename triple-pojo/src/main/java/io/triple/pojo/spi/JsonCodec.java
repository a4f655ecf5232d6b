package io.triple.pojo.spi;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Text JSON for interface methods called over plain HTTP ({@code curl -H 'content-type:
 * application/json' -d '[...]' http://host:port/com.example.OrderService/find}), as Dubbo 3.3
 * serves its non-IDL methods. Not a wire serialization between Java peers: values are read into
 * the declared parameter types only, never into classes the text names ({@code @type} and the
 * like are not honoured), and every class a reading creates passes the {@link ClassGuard}.
 *
 * <p>Found through {@link java.util.ServiceLoader} (triple-serialization-fastjson2 brings one);
 * the first found is used. Implementations must be thread-safe.
 */
public interface JsonCodec {

  /**
   * The JSON text as plain values: {@link java.util.List} for an array, {@link java.util.Map}
   * (String keys, in order) for an object, String, Number, Boolean or null; no class is created.
   *
   * @throws IOException if {@code json} is not valid JSON
   */
  Object parseTree(String json) throws IOException;

  /**
   * Reads {@code json} as a value of {@code declaredType} ({@code genericType} for type arguments).
   *
   * @throws ClassRefusedException if the value would need a class {@code guard} refuses
   * @throws IOException if the text is not a valid JSON form of that type
   */
  Object read(String json, Class<?> declaredType, Type genericType, ClassGuard guard) throws IOException;

  /** The JSON text of {@code value} (null gives {@code null}). */
  String write(Object value) throws IOException;
}
