package io.triple.netty.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

/** Which transport runs: epoll where it loads, NIO when asked or when it cannot. */
class EventLoopsTest {
  @Test
  void epollWhereItLoadsUnlessNioIsAsked() {
    assertEquals(Epoll.isAvailable(), EventLoops.chooseEpoll(""));
    assertEquals(Epoll.isAvailable(), EventLoops.chooseEpoll("EPOLL"));
    assertFalse(EventLoops.chooseEpoll("nio"));
    assertFalse(EventLoops.chooseEpoll(" NIO "));
  }

  @Test
  void channelClassesMatchTheGroups() {
    boolean nio = "nio".equals(System.getProperty(EventLoops.PROPERTY));
    boolean epoll = Epoll.isAvailable() && !nio;
    assertEquals(epoll ? "epoll" : "nio", EventLoops.transport());
    assertEquals(epoll ? EpollSocketChannel.class : NioSocketChannel.class, EventLoops.socketChannel());
    assertEquals(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
        EventLoops.serverSocketChannel());
  }
}
