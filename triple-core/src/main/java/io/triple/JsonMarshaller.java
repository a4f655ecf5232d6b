package io.triple;

import java.io.IOException;

/**
 * A {@link Marshaller} whose messages also have a JSON form. A server uses it for Triple's
 * plain-HTTP unary calls with {@code content-type: application/json} (curl, browsers, Dubbo's
 * HTTP clients); a method whose marshallers are not {@code JsonMarshaller}s answers those with
 * 415 Unsupported Media Type. Implementations must be thread-safe and stateless.
 *
 * @param <T> the message type
 */
public interface JsonMarshaller<T> extends Marshaller<T> {

  /**
   * Reads one message from its JSON text.
   *
   * @throws IOException if {@code json} is not a valid JSON form of the message; the call fails
   *     with INVALID_ARGUMENT and this exception's message
   */
  T parseJson(String json) throws IOException;

  /** The JSON text of {@code value}. */
  String toJson(T value) throws IOException;
}
