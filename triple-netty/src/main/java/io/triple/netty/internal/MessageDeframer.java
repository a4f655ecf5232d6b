package io.triple.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.triple.Status;

/**
 * Splits a stream's DATA bytes into gRPC length-prefixed messages: a 1-byte compressed flag, a
 * 4-byte big-endian length, then the message. Enforces the inbound message size limit before
 * buffering a body, so an oversized message is refused on its 5-byte prefix alone.
 *
 * <p>Event-loop confined.
 */
final class MessageDeframer {
  private static final int HEADER_LENGTH = 5;

  /** One whole message as found on the wire. */
  record Frame(boolean compressed, ByteBuf body) {}

  /** Thrown for a prefix that breaks the protocol or the limit. */
  static final class DeframeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    DeframeException(Status status) {
      super(status.description(), null, false, false);
      this.status = status;
    }

    Status status() {
      return status;
    }
  }

  private final int maxMessageSize;
  private final CompositeByteBuf buffer;
  private boolean haveHeader;
  private boolean compressed;
  private int length;

  MessageDeframer(ByteBufAllocator alloc, int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    this.buffer = alloc.compositeBuffer(64);
  }

  /** Takes ownership of {@code data}. */
  void add(ByteBuf data) {
    if (data.isReadable()) {
      buffer.addComponent(true, data);
    } else {
      data.release();
    }
  }

  /** Bytes received but not yet handed out as messages. */
  int buffered() {
    return buffer.readableBytes();
  }

  /** True if a message has started but not been completed. */
  boolean hasPartialMessage() {
    return haveHeader || buffer.isReadable();
  }

  /**
   * The next complete message, or null if more bytes are needed. The caller owns the returned
   * body and must release it.
   */
  Frame next() throws DeframeException {
    if (!haveHeader) {
      if (buffer.readableBytes() < HEADER_LENGTH) {
        return null;
      }
      int flag = buffer.readUnsignedByte();
      if ((flag & 0xFE) != 0) {
        throw new DeframeException(
            Status.INTERNAL.withDescription(
                "gRPC frame header malformed: reserved flag bits set (flag byte " + flag + ")"));
      }
      compressed = flag == 1;
      long len = buffer.readUnsignedInt();
      if (len > maxMessageSize) {
        throw new DeframeException(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "Received message larger than max (" + len + " vs. " + maxMessageSize + ")"));
      }
      length = (int) len;
      haveHeader = true;
    }
    if (buffer.readableBytes() < length) {
      return null;
    }
    // Copy out rather than slice: a slice of the composite would be invalidated when its read
    // components are discarded below, and keeping them would grow the composite without bound.
    ByteBuf body = buffer.alloc().buffer(length);
    buffer.readBytes(body, length);
    haveHeader = false;
    buffer.discardReadComponents();
    return new Frame(compressed, body);
  }

  void release() {
    buffer.release();
  }
}
