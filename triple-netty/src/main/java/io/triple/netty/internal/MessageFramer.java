package io.triple.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.triple.Marshaller;
import io.triple.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Serializes a message into one buffer with its 5-byte gRPC prefix. */
final class MessageFramer {
  private MessageFramer() {}

  /**
   * Writes {@code message} framed. With {@code gzip} the body is compressed and the flag set.
   *
   * @throws io.triple.StatusException INTERNAL if the marshaller fails
   */
  static <T> ByteBuf frame(ByteBufAllocator alloc, Marshaller<T> marshaller, T message, boolean gzip) {
    int size = gzip ? -1 : marshaller.serializedSize(message);
    ByteBuf buf = alloc.buffer(size >= 0 ? size + 5 : 256);
    try {
      buf.writeByte(gzip ? 1 : 0);
      buf.writeInt(0); // length, patched below
      OutputStream out = new ByteBufOutputStream(buf);
      if (gzip) {
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 4096)) {
          marshaller.serialize(message, gz);
        }
      } else {
        marshaller.serialize(message, out);
      }
      buf.setInt(1, buf.readableBytes() - 5);
      return buf;
    } catch (IOException | RuntimeException e) {
      buf.release();
      throw Status.INTERNAL
          .withDescription("Failed to serialize message: " + e)
          .withCause(e)
          .asException();
    }
  }
}
