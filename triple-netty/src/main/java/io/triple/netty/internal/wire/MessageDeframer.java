package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.triple.Status;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Splits a stream's DATA bytes into gRPC length-prefixed messages: a 1-byte compressed flag, a
 * 4-byte big-endian length, then the message. Enforces the inbound message size limit before
 * buffering a body, so an oversized message is refused on its 5-byte prefix alone.
 *
 * <p>Not thread-safe: the call that owns it guards it (the event loop adds DATA, the thread that
 * calls request(n) may take messages).
 */
public final class MessageDeframer {
  private static final int HEADER_LENGTH = 5;

  /** One whole message as found on the wire. */
  public record Frame(boolean compressed, ByteBuf body) {}

  /** Thrown for a prefix that breaks the protocol or the limit. */
  public static final class DeframeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    public DeframeException(Status status) {
      super(status.description(), null, false, false);
      this.status = status;
    }

    public Status status() {
      return status;
    }
  }

  private final ByteBufAllocator alloc;
  private final int maxMessageSize;
  /** Received DATA, oldest first; each buffer has readable bytes (empty ones are dropped). */
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  /** Buffers smaller than this, behind others, are copied into {@link #tail} (see add). */
  static final int COALESCE_BELOW = 1024;
  private static final int COALESCE_CHUNK = 8 * 1024;
  /** Our own buffer small DATA is copied into; last in the queue while it has room. */
  private ByteBuf tail;
  private int buffered;
  private boolean haveHeader;
  private boolean compressed;
  private int length;

  public MessageDeframer(ByteBufAllocator alloc, int maxMessageSize) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Takes ownership of {@code data}.
   *
   * <p>A small buffer that arrives behind others is copied into a buffer of our own instead of
   * queued: a peer splitting a large message into DATA frames of a few bytes each would
   * otherwise make us hold one buffer object per frame (millions for a 4 MiB message, hundreds
   * of megabytes), each also pinning the socket read buffer it is a slice of. The first buffer,
   * the whole message in the usual case, is still queued as it is, without a copy.
   */
  public void add(ByteBuf data) {
    int n = data.readableBytes();
    if (n == 0) {
      data.release();
      return;
    }
    buffered += n;
    if (n >= COALESCE_BELOW || queue.isEmpty()) {
      queue.add(data);
      return;
    }
    if (tail == null || queue.peekLast() != tail || tail.writableBytes() < n) {
      tail = alloc.buffer(Math.max(COALESCE_CHUNK, n), Math.max(COALESCE_CHUNK, n));
      queue.add(tail);
    }
    tail.writeBytes(data);
    data.release();
  }

  /** Bytes received but not yet handed out as messages. */
  public int buffered() {
    return buffered;
  }

  /** True if a message has started but not been completed. */
  public boolean hasPartialMessage() {
    return haveHeader || buffered > 0;
  }

  /**
   * Hands up to {@code max} complete messages to {@code sink}, oldest first; returns how many.
   * (After a DeframeException the stream fails, so how many went before it does not matter.)
   */
  public int take(int max, Consumer<Frame> sink) throws DeframeException {
    int taken = 0;
    Frame frame;
    while (taken < max && (frame = next()) != null) {
      sink.accept(frame);
      taken++;
    }
    return taken;
  }

  /**
   * The next complete message, or null if more bytes are needed. The caller owns the returned
   * body and must release it.
   *
   * <p>No copy for a message that arrived in large pieces: inside one DATA frame it is a slice
   * of it, spread over several a composite of slices.
   */
  public Frame next() throws DeframeException {
    if (!haveHeader) {
      if (buffered < HEADER_LENGTH) {
        return null;
      }
      int flag = readUnsignedByte();
      if ((flag & 0xFE) != 0) {
        throw new DeframeException(
            Status.INTERNAL.withDescription(
                "gRPC frame header malformed: reserved flag bits set (flag byte " + flag + ")"));
      }
      compressed = flag == 1;
      long len = ((long) readUnsignedByte() << 24) | (readUnsignedByte() << 16)
          | (readUnsignedByte() << 8) | readUnsignedByte();
      if (len > maxMessageSize) {
        throw new DeframeException(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "Received message larger than max (" + len + " vs. " + maxMessageSize + ")"));
      }
      length = (int) len;
      haveHeader = true;
    }
    if (buffered < length) {
      return null;
    }
    haveHeader = false;
    return new Frame(compressed, readBody(length));
  }

  private int readUnsignedByte() {
    ByteBuf head = queue.peek();
    int b = head.readUnsignedByte();
    buffered--;
    if (!head.isReadable()) {
      releaseHead();
    }
    return b;
  }

  private ByteBuf readBody(int len) {
    if (len == 0) {
      return alloc.buffer(0, 0);
    }
    ByteBuf head = queue.peek();
    if (head.readableBytes() >= len) {
      buffered -= len;
      ByteBuf body = head.readRetainedSlice(len);
      if (!head.isReadable()) {
        releaseHead();
      }
      return body;
    }
    CompositeByteBuf body = alloc.compositeBuffer(Math.max(2, queue.size()));
    int left = len;
    while (left > 0) {
      ByteBuf b = queue.peek();
      int n = Math.min(left, b.readableBytes());
      body.addComponent(true, b.readRetainedSlice(n));
      left -= n;
      if (!b.isReadable()) {
        releaseHead();
      }
    }
    buffered -= len;
    return body;
  }

  /**
   * Drops the fully read head buffer. Forgets it as {@link #tail} too: a released buffer's
   * object goes back to the allocator's pool and may come back as a DATA buffer, which add must
   * never take for ours and write into.
   */
  private void releaseHead() {
    ByteBuf head = queue.poll();
    if (head == tail) {
      tail = null;
    }
    head.release();
  }

  public void release() {
    ByteBuf b;
    while ((b = queue.poll()) != null) {
      b.release();
    }
    tail = null;
    buffered = 0;
  }
}
