package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {
  private static ByteBuf bytes(int seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Unpooled.directBuffer(size).writeBytes(b);
  }

  /** What the socket got: each outbound buffer's size, and all bytes in order. */
  private static byte[] drain(EmbeddedChannel ch, List<Integer> sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      sizes.add(b.readableBytes());
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  @Test
  void smallWritesLeaveAsOneBufferInOrderAndTheirPromisesComplete() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    List<ByteBuf> inputs = new ArrayList<>();
    List<ChannelFuture> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ByteBuf in = bytes(i, 9 + i * 7);
      expected.writeBytes(ByteBufUtil.getBytes(in));
      inputs.add(in);
      futures.add(ch.write(in));
    }
    ByteBuf last = bytes(99, 5);
    expected.writeBytes(ByteBufUtil.getBytes(last)); // before the write, which releases it
    ch.write(last, ch.voidPromise());
    assertNull(ch.readOutbound(), "nothing leaves before the flush");
    assertFalse(futures.get(0).isDone());
    ch.flush();

    List<Integer> sizes = new ArrayList<>();
    assertArrayEquals(expected.toByteArray(), drain(ch, sizes));
    assertEquals(List.of(expected.size()), sizes, "one buffer for the whole flush");
    for (ChannelFuture f : futures) {
      assertTrue(f.isSuccess());
    }
    for (ByteBuf in : inputs) {
      assertEquals(0, in.refCnt(), "copied buffers are released");
    }
    assertFalse(ch.finish());
  }

  @Test
  void largeBuffersAndOtherMessagesPassThroughInOrder() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ByteBuf small1 = bytes(1, 9);
    ByteBuf small2 = bytes(2, 100);
    ByteBuf large = bytes(3, WriteCoalescer.MAX_COPY + 1);
    ByteBuf small3 = bytes(4, 30);
    byte[] expected = concat(small1, small2, large, small3);
    ch.write(small1);
    ch.write(small2);
    ch.write(large);
    Object marker = new Object();
    ch.write(marker);
    ch.write(small3);
    ch.flush();

    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      out.add(o);
    }
    assertEquals(4, out.size(), "batch, large, marker, batch: " + out);
    assertEquals(109, ((ByteBuf) out.get(0)).readableBytes());
    assertSame(large, out.get(1), "a large buffer is not copied");
    assertSame(marker, out.get(2));
    assertEquals(30, ((ByteBuf) out.get(3)).readableBytes());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (Object x : out) {
      if (x instanceof ByteBuf b) {
        got.writeBytes(ByteBufUtil.getBytes(b));
        b.release();
      }
    }
    assertArrayEquals(expected, got.toByteArray());
    assertFalse(ch.finish());
  }

  @Test
  void aFullBatchGoesDownBeforeTheFlushSoWritabilitySeesIt() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    int total = 0;
    for (int i = 0; total < 3 * WriteCoalescer.CAPACITY; i++) {
      ByteBuf in = bytes(i, WriteCoalescer.MAX_COPY);
      expected.writeBytes(ByteBufUtil.getBytes(in));
      total += in.readableBytes();
      ch.write(in);
    }
    assertTrue(ch.unsafe().outboundBuffer().totalPendingWriteBytes() >= 2L * WriteCoalescer.CAPACITY,
        "full batches are written (not flushed) as they fill");
    ch.flush();
    List<Integer> sizes = new ArrayList<>();
    assertArrayEquals(expected.toByteArray(), drain(ch, sizes));
    for (int size : sizes) {
      assertTrue(size <= WriteCoalescer.CAPACITY, "batch of " + size);
    }
    assertFalse(ch.finish());
  }

  @Test
  void aFailedWriteFailsEveryCopiedWritesPromise() {
    IOException broken = new IOException("broken pipe");
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        io.netty.util.ReferenceCountUtil.release(msg);
        promise.setFailure(broken);
      }
    }, new WriteCoalescer());
    ChannelFuture a = ch.write(bytes(1, 10));
    ChannelFuture b = ch.write(bytes(2, 10));
    ChannelFuture c = ch.write(bytes(3, 10));
    ch.flush();
    assertSame(broken, a.cause());
    assertSame(broken, b.cause());
    assertSame(broken, c.cause());
    ch.finishAndReleaseAll();
  }

  @Test
  void closeFailsUnflushedWritesAndReleasesThem() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ByteBuf in = bytes(1, 10);
    ChannelFuture f = ch.write(in);
    assertEquals(0, in.refCnt(), "copied on write");
    ch.close();
    assertTrue(f.isDone());
    assertFalse(f.isSuccess());
    assertNull(ch.readOutbound(), "nothing unflushed goes out after a close");
    assertFalse(ch.finish());
  }

  private static byte[] concat(ByteBuf... bufs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b : bufs) {
      out.writeBytes(ByteBufUtil.getBytes(b));
    }
    return out.toByteArray();
  }
}
