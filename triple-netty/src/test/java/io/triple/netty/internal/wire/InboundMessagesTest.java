package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window rule both sides' calls follow: bytes go back to the peer as messages are taken,
 * everything received goes back while a message is awaited, and unrequested messages hold
 * their bytes.
 */
class InboundMessagesTest {
  final InboundMessages inbound = new InboundMessages(new MessageDeframer(ByteBufAllocator.DEFAULT, 1 << 20));
  final List<ByteBuf> taken = new ArrayList<>();

  @AfterEach
  void release() {
    inbound.release();
    taken.forEach(ByteBuf::release);
  }

  /** A message of {@code size} bytes in its 5-byte envelope. */
  static ByteBuf message(int size) {
    return Unpooled.buffer(5 + size).writeByte(0).writeInt(size).writeZero(size);
  }

  void take() throws MessageDeframer.DeframeException {
    inbound.take(f -> taken.add(f.body()));
  }

  @Test
  void unrequestedMessagesKeepTheirBytesFromThePeer() throws Exception {
    inbound.add(message(100));
    inbound.add(message(100));
    take();
    assertEquals(0, taken.size());
    assertEquals(0, inbound.takeReturnable(), "nothing taken, nothing awaited");

    inbound.request(1);
    take();
    assertEquals(1, taken.size());
    assertEquals(105, inbound.takeReturnable(), "the taken message's bytes");
    assertEquals(0, inbound.takeReturnable(), "given back once");
    assertEquals(105, inbound.buffered());
  }

  @Test
  void whileAMessageIsAwaitedEverythingReceivedGoesBack() throws Exception {
    inbound.request(1);
    ByteBuf big = message(1000);
    inbound.add(big.readRetainedSlice(300)); // part of a message larger than the peer's window
    take();
    assertEquals(0, taken.size());
    assertTrue(inbound.hasPartialMessage());
    assertEquals(300, inbound.takeReturnable(), "the window reopens so the rest can come");
    inbound.add(big);
    take();
    assertEquals(1, taken.size());
    assertEquals(0, inbound.requested());
    assertEquals(705, inbound.takeReturnable());
  }

  @Test
  void oneReturnTaskAtATime() throws Exception {
    inbound.add(message(10));
    assertFalse(inbound.scheduleReturnTask(), "nothing to give back yet");
    inbound.request(1);
    take();
    assertTrue(inbound.scheduleReturnTask());
    assertFalse(inbound.scheduleReturnTask(), "the scheduled task carries what is taken meanwhile");
    assertFalse(inbound.scheduleReturnTaskAnyway());
    inbound.returnTaskRuns();
    assertEquals(15, inbound.takeReturnable());
    assertTrue(inbound.scheduleReturnTaskAnyway(), "at the end of a read, whether or not there is any yet");
  }

  @Test
  void requestsBeforeOpeningAreKept() throws Exception {
    InboundMessages notYet = new InboundMessages();
    assertFalse(notYet.isOpen());
    notYet.request(2);
    notYet.open(new MessageDeframer(ByteBufAllocator.DEFAULT, 1 << 20));
    notYet.add(message(1));
    notYet.add(message(2));
    List<ByteBuf> out = new ArrayList<>();
    notYet.take(f -> out.add(f.body()));
    assertEquals(2, out.size());
    out.forEach(ByteBuf::release);
    notYet.release();
    notYet.release();
    assertTrue(notYet.isReleased());
  }

  @Test
  void requestsSaturate() {
    inbound.request(Integer.MAX_VALUE);
    inbound.request(5);
    assertEquals(Integer.MAX_VALUE, inbound.requested());
  }
}
