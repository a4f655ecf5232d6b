package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A frame split across reads: small pieces are copied together, two large ones linked. */
class FrameCumulatorTest {
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final Random random = new Random(7);

  @Test
  void linksALargeReadBehindALargeLeftover() {
    byte[] left = bytes(FrameCumulator.LINK_FROM);
    byte[] read = bytes(64 * 1024);
    ByteBuf in = buffer(read);
    ByteBuf out = FrameCumulator.INSTANCE.cumulate(alloc, buffer(left), in);
    try {
      CompositeByteBuf composite = assertInstanceOf(CompositeByteBuf.class, out);
      assertEquals(2, composite.numComponents());
      assertArrayEquals(concat(left, read), ByteBufUtil.getBytes(out));
      // The read's own memory, not a copy of it: a byte changed in it shows through.
      in.setByte(in.readerIndex(), read[0] ^ 1);
      assertEquals((byte) (read[0] ^ 1), out.getByte(left.length));
    } finally {
      out.release();
    }
  }

  @Test
  void copiesBehindASmallLeftover() {
    byte[] left = bytes(FrameCumulator.LINK_FROM - 1);
    byte[] read = bytes(64 * 1024);
    ByteBuf out = FrameCumulator.INSTANCE.cumulate(alloc, buffer(left), buffer(read));
    try {
      assertFalse(out instanceof CompositeByteBuf);
      assertArrayEquals(concat(left, read), ByteBufUtil.getBytes(out));
    } finally {
      out.release();
    }
  }

  @Test
  void copiesASmallReadEvenBehindALargeLeftover() {
    // A peer trickling a frame a few bytes per read must not cost a buffer object per read.
    byte[] expected = bytes(FrameCumulator.LINK_FROM);
    ByteBuf out = buffer(expected);
    for (int i = 0; i < 1000; i++) {
      byte[] piece = bytes(3);
      expected = concat(expected, piece);
      out = FrameCumulator.INSTANCE.cumulate(alloc, out, buffer(piece));
    }
    try {
      assertFalse(out instanceof CompositeByteBuf);
      assertArrayEquals(expected, ByteBufUtil.getBytes(out));
    } finally {
      out.release();
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private ByteBuf buffer(byte[] content) {
    return alloc.directBuffer(content.length).writeBytes(content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
