package io.triple.netty.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Creates the event loop groups the transport runs on. */
public final class EventLoops {
  private EventLoops() {}

  /** An NIO group with {@code threads} threads (0 = Netty's default, 2 x cores), daemon threads. */
  public static EventLoopGroup create(String name, int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }
}
