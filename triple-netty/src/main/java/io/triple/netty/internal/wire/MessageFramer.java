package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.CompositeByteBuf;
import io.triple.Marshaller;
import io.triple.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Serializes a message with its 5-byte gRPC prefix. */
public final class MessageFramer {
  /**
   * Messages larger than this are written into a chain of buffers of this size rather than one
   * buffer. Why: Netty's default (adaptive) allocator pools buffers only up to 1 MiB, so a 1 MiB
   * message (1 MiB plus prefix and tags) got fresh memory from the system, page faults and all,
   * every time; pooled chunks are reused.
   */
  static final int CHUNK_SIZE = 256 * 1024;
  /** The gRPC message prefix: a compressed flag and a 4-byte length. */
  public static final int HEADER_SIZE = 5;

  private MessageFramer() {}

  /**
   * Writes {@code message} framed. With {@code gzip} the body is compressed and the flag set.
   *
   * @throws io.triple.StatusException INTERNAL if the marshaller fails
   */
  public static <T> ByteBuf frame(ByteBufAllocator alloc, Marshaller<T> marshaller, T message, boolean gzip) {
    int size = gzip ? -1 : marshaller.serializedSize(message);
    if (size > CHUNK_SIZE - 5) {
      return frameChunked(alloc, marshaller, message, size);
    }
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

  /**
   * Appends {@code message}, uncompressed and framed, to {@code out}, whose writable room must
   * be at least {@code size + HEADER_SIZE}; {@code size} is the marshaller's serialized size.
   * On failure {@code out} is left as it was.
   *
   * @throws io.triple.StatusException INTERNAL if the marshaller fails or writes another size
   */
  public static <T> void frameInto(ByteBuf out, Marshaller<T> marshaller, T message, int size) {
    int start = out.writerIndex();
    try {
      out.writeByte(0).writeInt(size);
      marshaller.serialize(message, new ByteBufOutputStream(out));
      int written = out.writerIndex() - start - HEADER_SIZE;
      if (written != size) {
        throw new IOException("Marshaller wrote " + written + " bytes, announced " + size);
      }
    } catch (IOException | RuntimeException e) {
      out.writerIndex(start);
      throw Status.INTERNAL
          .withDescription("Failed to serialize message: " + e)
          .withCause(e)
          .asException();
    }
  }

  /** An uncompressed message of known {@code size} as a composite of CHUNK_SIZE buffers. */
  private static <T> ByteBuf frameChunked(ByteBufAllocator alloc, Marshaller<T> marshaller, T message, int size) {
    long total = size + 5L;
    CompositeByteBuf out = alloc.compositeBuffer((int) (total / CHUNK_SIZE) + 2);
    ChunkedOutput chunks = new ChunkedOutput(alloc, out, total);
    try {
      chunks.current.writeByte(0).writeInt(size);
      marshaller.serialize(message, chunks);
      chunks.finish();
      if (out.readableBytes() != total) {
        throw new IOException("Marshaller wrote " + (out.readableBytes() - 5) + " bytes, announced " + size);
      }
      return out;
    } catch (IOException | RuntimeException e) {
      chunks.discard();
      out.release();
      throw Status.INTERNAL
          .withDescription("Failed to serialize message: " + e)
          .withCause(e)
          .asException();
    }
  }

  /** Writes into buffers of at most CHUNK_SIZE, adding each full one to a composite. */
  private static final class ChunkedOutput extends OutputStream {
    private final ByteBufAllocator alloc;
    private final CompositeByteBuf out;
    private long left; // bytes still to come, so the last chunk is no larger than needed
    ByteBuf current;

    ChunkedOutput(ByteBufAllocator alloc, CompositeByteBuf out, long total) {
      this.alloc = alloc;
      this.out = out;
      this.left = total;
      this.current = next();
    }

    private ByteBuf next() {
      return alloc.buffer((int) Math.max(1, Math.min(CHUNK_SIZE, left)));
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (!current.isWritable()) {
          left -= current.readableBytes();
          out.addComponent(true, current);
          current = next();
        }
        int n = Math.min(len, current.writableBytes());
        current.writeBytes(b, off, n);
        off += n;
        len -= n;
      }
    }

    void finish() {
      out.addComponent(true, current);
      current = null;
    }

    void discard() {
      if (current != null) {
        current.release();
        current = null;
      }
    }
  }
}
