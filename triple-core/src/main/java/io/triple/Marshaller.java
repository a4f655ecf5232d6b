package io.triple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

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

  /**
   * Reads one whole message from {@code buffer} (its remaining bytes are exactly the message).
   * The transport calls this when a message sits in one contiguous buffer, so a marshaller that
   * can parse straight from memory (protobuf can) skips the stream; the default reads it as an
   * {@link InputStream}. The buffer is only valid during the call.
   */
  default T parse(ByteBuffer buffer) throws IOException {
    return parse(asStream(buffer));
  }

  /**
   * Reads one whole message from {@code message}, an array the transport filled for this message
   * alone and hands over: it never reads or writes it again, so the returned message may keep
   * referring to it instead of copying parts of it (protobuf's {@code bytes} fields do). The
   * transport calls this for every uncompressed message it receives. The default parses it as a
   * {@link ByteBuffer}.
   */
  default T parseOwned(byte[] message) throws IOException {
    return parse(ByteBuffer.wrap(message));
  }

  private static InputStream asStream(ByteBuffer buffer) {
    ByteBuffer b = buffer.slice();
    return new InputStream() {
      @Override
      public int read() {
        return b.hasRemaining() ? b.get() & 0xFF : -1;
      }

      @Override
      public int read(byte[] dst, int off, int len) {
        if (!b.hasRemaining()) {
          return len == 0 ? 0 : -1;
        }
        int n = Math.min(len, b.remaining());
        b.get(dst, off, n);
        return n;
      }

      @Override
      public int available() {
        return b.remaining();
      }
    };
  }
}
