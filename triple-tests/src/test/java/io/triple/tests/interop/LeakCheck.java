package io.triple.tests.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Makes Netty's leak detector report now rather than at some later GC: buffers dropped without
 * release are collected, and the next tracked allocations print any {@code LEAK:} records. Call
 * from {@code @AfterAll} so a report lands next to the test class that caused it.
 */
public final class LeakCheck {
  private LeakCheck() {}

  public static void collectAndReport() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(20);
      for (int i = 0; i < 20; i++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.release();
      }
    }
  }
}
