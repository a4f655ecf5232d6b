package io.triple.netty.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * How the HTTP/2 frame decoder joins a frame left incomplete at the end of one socket read to
 * the next read: by copying while frames are small, by linking buffers once a large frame is
 * split.
 *
 * <p>Why: Netty's default ({@link ByteToMessageDecoder#MERGE_CUMULATOR}) copies the whole next
 * read behind the leftover. During a large message nearly every read ends inside a 16 KiB DATA
 * frame, so every received byte was copied once on the event loop before the message was even
 * assembled (the decoder's {@code cumulate}, 9% of our server's I/O thread for 1 MiB unary
 * calls, async-profiler). Linking ({@link ByteToMessageDecoder#COMPOSITE_CUMULATOR}) costs a
 * composite buffer per read and slower reads of frame headers and HPACK bytes through it, which
 * small frames would pay for nothing: a leftover of a few hundred bytes is cheaper to copy
 * onto. So the sizes decide: a large leftover means a large frame is arriving. The new read
 * must be large too: a peer trickling a frame a few bytes per read would otherwise make us hold
 * a buffer object per few bytes (copying a small read costs little).
 */
final class FrameCumulator implements ByteToMessageDecoder.Cumulator {
  static final FrameCumulator INSTANCE = new FrameCumulator();

  /** Reads from this size on, behind a leftover of this size or more, are linked, not copied. */
  static final int LINK_FROM = 4 * 1024;

  private FrameCumulator() {}

  @Override
  public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    if (cumulation.readableBytes() >= LINK_FROM && in.readableBytes() >= LINK_FROM) {
      return ByteToMessageDecoder.COMPOSITE_CUMULATOR.cumulate(alloc, cumulation, in);
    }
    return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
  }
}
