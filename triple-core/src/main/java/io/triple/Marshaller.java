package io.triple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns messages into bytes and back. Implementations must be thread-safe and stateless.
 *
 * @param <T> the message type
 */
public interface Marshaller<T> {

  /** Writes {@code value} to {@code out}. */
  void serialize(T value, OutputStream out) throws IOException;

  /**
   * The exact number of bytes {@link #serialize} will write, or -1 if unknown. Knowing it lets
   * the transport write the 5-byte gRPC prefix and the body into one buffer without copying.
   */
  default int serializedSize(T value) {
    return -1;
  }

  /**
   * Reads one whole message from {@code in}, which holds exactly the message bytes.
   *
   * @throws IOException if the bytes are not a valid message; the call fails with
   *     INVALID_ARGUMENT (server) or INTERNAL (client) and the connection lives on
   */
  T parse(InputStream in) throws IOException;
}
