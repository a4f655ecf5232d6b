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

  /**
   * Whether {@link #parseJson} takes a plain-HTTP {@code application/json} body as it was sent.
   * By default (false) the Triple spec's array of arguments {@code [ {...} ]} is unwrapped
   * first, a protobuf method having one argument; a marshaller of several arguments (an
   * interface method's, as Dubbo serves them) reads the array itself.
   */
  default boolean parsesArgumentArray() {
    return false;
  }
}
