package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.triple.Marshaller;
import io.triple.Status;
import io.triple.StatusException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class MessageFramerTest {
  /** Raw bytes; {@code announce} lets a test lie about the serialized size. */
  public static final class BytesMarshaller implements Marshaller<byte[]> {
    private final int lie;

    public BytesMarshaller(int lie) {
      this.lie = lie;
    }

    @Override
    public void serialize(byte[] value, OutputStream out) throws java.io.IOException {
      // In uneven pieces, as a real marshaller's buffered stream would.
      int off = 0;
      while (off < value.length) {
        int n = Math.min(value.length - off, 4093);
        out.write(value, off, n);
        off += n;
      }
    }

    @Override
    public int serializedSize(byte[] value) {
      return value.length + lie;
    }

    @Override
    public byte[] parse(InputStream in) throws java.io.IOException {
      return in.readAllBytes();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void framesEverySizeAroundTheChunkSize() throws Exception {
    int chunk = MessageFramer.CHUNK_SIZE;
    for (int size : new int[] {0, 1, 1000, chunk - 5, chunk - 4, chunk, 2 * chunk - 5, 3 * 1024 * 1024 + 7}) {
      byte[] message = random(size);
      ByteBuf framed = MessageFramer.frame(ByteBufAllocator.DEFAULT, new BytesMarshaller(0), message, false);
      try {
        assertEquals(size + 5, framed.readableBytes(), "framed size for " + size);
        assertEquals(0, framed.getByte(0));
        assertEquals(size, framed.getInt(1));
        if (size > chunk - 5) {
          CompositeByteBuf c = (CompositeByteBuf) framed;
          assertTrue(c.numComponents() >= 2, "large messages are chunked");
          for (int i = 0; i < c.numComponents(); i++) {
            assertTrue(c.component(i).capacity() <= chunk, "chunk " + i + " of " + size);
          }
        }
        MessageDeframer deframer = new MessageDeframer(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE);
        deframer.add(framed.retain());
        MessageDeframer.Frame f = deframer.next();
        byte[] back = MessageReader.read(new BytesMarshaller(0), f.body(), f.compressed(), null,
            Integer.MAX_VALUE, Status.INTERNAL);
        assertArrayEquals(message, back, "round trip of " + size);
        deframer.release();
      } finally {
        framed.release();
      }
    }
  }

  @Test
  void aMarshallerThatMisstatesItsSizeFailsTheMessage() {
    byte[] message = random(MessageFramer.CHUNK_SIZE * 2);
    StatusException e = assertThrows(StatusException.class,
        () -> MessageFramer.frame(ByteBufAllocator.DEFAULT, new BytesMarshaller(-3), message, false));
    assertEquals(Status.Code.INTERNAL, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("announced"), e.getStatus().description());
  }
}
