package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Messages come out whole whatever the DATA frames' sizes, tiny pieces (copied together) included. */
class MessageDeframerTest {
  @Test
  void reassemblesMessagesFromPiecesOfEverySize() throws Exception {
    Random random = new Random(42);
    List<byte[]> messages = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int size : new int[] {0, 1, 5, 100, 1023, 1024, 5000, 20000, 3}) {
      byte[] m = new byte[size];
      random.nextBytes(m);
      messages.add(m);
      wire.write(0);
      wire.write(size >>> 24);
      wire.write(size >>> 16);
      wire.write(size >>> 8);
      wire.write(size);
      wire.writeBytes(m);
    }
    byte[] bytes = wire.toByteArray();
    for (int maxPiece : new int[] {1, 7, 900, 3000, bytes.length}) {
      MessageDeframer deframer = new MessageDeframer(ByteBufAllocator.DEFAULT, 1 << 20);
      List<byte[]> out = new ArrayList<>();
      for (int off = 0; off < bytes.length; ) {
        int n = Math.min(bytes.length - off, 1 + random.nextInt(maxPiece));
        deframer.add(Unpooled.copiedBuffer(bytes, off, n));
        off += n;
        deframer.take(Integer.MAX_VALUE, f -> {
          out.add(ByteBufUtil.getBytes(f.body()));
          f.body().release();
        });
      }
      assertEquals(messages.size(), out.size(), "pieces up to " + maxPiece);
      for (int i = 0; i < messages.size(); i++) {
        assertArrayEquals(messages.get(i), out.get(i), "message " + i + ", pieces up to " + maxPiece);
      }
      assertEquals(0, deframer.buffered());
      assertNull(deframer.next());
      deframer.release();
    }
  }

  @Test
  void smallPiecesAfterTheFirstAreCopiedAndReleased() throws Exception {
    MessageDeframer deframer = new MessageDeframer(ByteBufAllocator.DEFAULT, 1 << 20);
    deframer.add(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 3}));
    ByteBuf piece = Unpooled.wrappedBuffer(new byte[] {7});
    deframer.add(piece);
    assertEquals(0, piece.refCnt()); // copied: the frame's buffer is not kept
    deframer.add(Unpooled.wrappedBuffer(new byte[] {8, 9}));
    MessageDeframer.Frame f = deframer.next();
    assertArrayEquals(new byte[] {7, 8, 9}, ByteBufUtil.getBytes(f.body()));
    f.body().release();
    deframer.release();
  }
}
