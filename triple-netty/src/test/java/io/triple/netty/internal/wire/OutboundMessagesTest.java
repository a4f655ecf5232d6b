package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.netty.internal.wire.MessageFramer;
import io.triple.netty.internal.wire.MessageFramerTest.BytesMarshaller;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OutboundMessagesTest {
  private static final BytesMarshaller BYTES = new BytesMarshaller(0);

  private static byte[] message(int seq, int size) {
    byte[] b = new byte[size];
    new Random(seq).nextBytes(b);
    return b;
  }

  /** Takes everything, returns the buffers' bytes (releasing them) and counts the buffers. */
  private static byte[] takeAll(OutboundMessages q, List<Integer> bufferSizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long taken = q.takeAll(b -> {
      bufferSizes.add(b.readableBytes());
      out.writeBytes(ByteBufUtil.getBytes(b));
      assertTrue(b.release(), "the sink owns the buffer");
    });
    assertEquals(out.size(), taken, "takeAll reports the bytes it handed over");
    return out.toByteArray();
  }

  /** Splits gRPC-framed bytes back into messages. */
  private static List<byte[]> unframe(byte[] framed) {
    List<byte[]> messages = new ArrayList<>();
    int i = 0;
    while (i < framed.length) {
      assertEquals(0, framed[i], "uncompressed flag");
      int len = ((framed[i + 1] & 0xff) << 24) | ((framed[i + 2] & 0xff) << 16)
          | ((framed[i + 3] & 0xff) << 8) | (framed[i + 4] & 0xff);
      byte[] m = new byte[len];
      System.arraycopy(framed, i + 5, m, 0, len);
      messages.add(m);
      i += 5 + len;
    }
    return messages;
  }

  @Test
  void smallMessagesShareOneBufferAndOnlyTheFirstAsksForATake() {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    assertTrue(q.add(BYTES, message(0, 100)), "first message: the caller schedules a take");
    for (int i = 1; i < 50; i++) {
      assertFalse(q.add(BYTES, message(i, 100)), "a take is already on its way");
    }
    assertEquals(50 * 105, q.bytes());

    List<Integer> buffers = new ArrayList<>();
    List<byte[]> got = unframe(takeAll(q, buffers));
    assertEquals(List.of(50 * 105), buffers, "one buffer, one DATA frame");
    assertEquals(50, got.size());
    for (int i = 0; i < 50; i++) {
      assertArrayEquals(message(i, 100), got.get(i));
    }
    assertEquals(0, q.bytes());
    assertTrue(q.add(BYTES, message(99, 1)), "after a take the next message asks again");
    takeAll(q, new ArrayList<>());
  }

  @Test
  void largeMessagesKeepTheirOwnBufferAndOrderIsKept() {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    int[] sizes = {10, 20, OutboundMessages.MERGE_LIMIT, 30, 300_000, 0, 7};
    for (int i = 0; i < sizes.length; i++) {
      q.add(BYTES, message(i, sizes[i]));
    }
    List<Integer> buffers = new ArrayList<>();
    List<byte[]> got = unframe(takeAll(q, buffers));
    assertEquals(sizes.length, got.size());
    for (int i = 0; i < sizes.length; i++) {
      assertArrayEquals(message(i, sizes[i]), got.get(i), "message " + i);
    }
    // [10, 20] batch, the 4 KiB one alone, [30] batch, the 300 KB one alone, [0, 7] batch
    assertEquals(5, buffers.size(), buffers.toString());
  }

  @Test
  void aBatchStopsGrowingAtItsCapacity() {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    int n = 3 * OutboundMessages.BATCH_CAPACITY / 1005 + 1;
    for (int i = 0; i < n; i++) {
      q.add(BYTES, message(i, 1000));
    }
    List<Integer> buffers = new ArrayList<>();
    List<byte[]> got = unframe(takeAll(q, buffers));
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(message(i, 1000), got.get(i));
    }
    assertEquals(4, buffers.size(), buffers.toString());
    buffers.forEach(size -> assertTrue(size <= OutboundMessages.BATCH_CAPACITY));
  }

  @Test
  void alreadyFramedMessagesAreMergedToo() {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    q.add(BYTES, message(0, 40));
    ByteBuf framed = MessageFramer.frame(ByteBufAllocator.DEFAULT, BYTES, message(1, 50), false);
    assertFalse(q.add(framed));
    assertEquals(0, framed.refCnt(), "copied, then released");
    List<Integer> buffers = new ArrayList<>();
    List<byte[]> got = unframe(takeAll(q, buffers));
    assertEquals(List.of(45 + 55), buffers);
    assertArrayEquals(message(1, 50), got.get(1));
  }

  @Test
  void aMarshallerFailureLeavesWhatWasQueued() {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    q.add(BYTES, message(0, 100));
    StatusException e =
        assertThrows(StatusException.class, () -> q.add(new BytesMarshaller(3), message(1, 100)));
    assertEquals(Status.Code.INTERNAL, e.getStatus().code());
    q.add(BYTES, message(2, 100));
    List<byte[]> got = unframe(takeAll(q, new ArrayList<>()));
    assertEquals(2, got.size());
    assertArrayEquals(message(0, 100), got.get(0));
    assertArrayEquals(message(2, 100), got.get(1));
  }

  @Test
  void aSenderAndATakerConcurrentlyLoseAndReorderNothing() throws Exception {
    OutboundMessages q = new OutboundMessages(ByteBufAllocator.DEFAULT);
    int n = 50_000;
    AtomicBoolean done = new AtomicBoolean();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread sender = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        q.add(BYTES, message(i, i % 7 == 0 ? 5000 : i % 300));
      }
      done.set(true);
    });
    sender.start();
    List<Integer> buffers = new ArrayList<>();
    while (!done.get() || q.bytes() > 0) {
      out.writeBytes(takeAll(q, buffers));
    }
    sender.join();
    out.writeBytes(takeAll(q, buffers));
    List<byte[]> got = unframe(out.toByteArray());
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(message(i, i % 7 == 0 ? 5000 : i % 300), got.get(i), "message " + i);
    }
  }
}
