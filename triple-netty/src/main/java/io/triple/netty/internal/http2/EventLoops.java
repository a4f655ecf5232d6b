package io.triple.netty.internal.http2;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport the server and clients run on: Netty's native epoll where it loads (Linux on
 * x86_64 or aarch64; its natives are dependencies of this module), else NIO. {@code
 * -Dio.triple.transport=nio} forces NIO; {@code epoll} asks for epoll (NIO, with a warning, if it
 * cannot load). Why epoll: fewer system calls and less garbage per read and write than the JDK's
 * selector, which is what grpc-java's shaded Netty uses on Linux too.
 */
public final class EventLoops {
  private static final Logger log = LoggerFactory.getLogger(EventLoops.class);
  public static final String PROPERTY = "io.triple.transport";
  private static final boolean EPOLL = chooseEpoll();

  private EventLoops() {}

  /** A group with {@code threads} threads (0 = Netty's default, 2 x cores), daemon threads. */
  public static EventLoopGroup create(String name, int threads) {
    IoHandlerFactory handler = EPOLL ? Native.handlerFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handler);
  }

  /** The socket channel class for groups from {@link #create}. */
  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? Native.socketChannel() : NioSocketChannel.class;
  }

  /** The server socket channel class for groups from {@link #create}. */
  public static Class<? extends ServerChannel> serverSocketChannel() {
    return EPOLL ? Native.serverSocketChannel() : NioServerSocketChannel.class;
  }

  /** "epoll" or "nio". */
  public static String transport() {
    return EPOLL ? "epoll" : "nio";
  }

  private static boolean chooseEpoll() {
    return chooseEpoll(System.getProperty(PROPERTY, ""));
  }

  /** For {@code -Dio.triple.transport=wanted}: epoll unless "nio" or epoll cannot load. */
  static boolean chooseEpoll(String property) {
    String wanted = property.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("nio")) {
      return false;
    }
    if (!wanted.isEmpty() && !wanted.equals("epoll")) {
      log.warn("-D{}={}: expected epoll or nio; choosing as if unset", PROPERTY, property);
    }
    Throwable why;
    try {
      Class.forName("io.netty.channel.epoll.Epoll", false, EventLoops.class.getClassLoader());
      why = Native.unavailabilityCause();
    } catch (ClassNotFoundException | LinkageError e) {
      why = e;
    }
    if (why == null) {
      return true;
    }
    if (wanted.equals("epoll")) {
      log.warn("-D{}=epoll: the native epoll transport is not available, using NIO: {}", PROPERTY,
          why.toString());
    } else {
      log.debug("Native epoll transport not available, using NIO: {}", why.toString());
    }
    return false;
  }

  /** Touches the epoll classes only once they are known to be on the class path. */
  private static final class Native {
    static Throwable unavailabilityCause() {
      return io.netty.channel.epoll.Epoll.isAvailable()
          ? null
          : io.netty.channel.epoll.Epoll.unavailabilityCause();
    }

    static IoHandlerFactory handlerFactory() {
      return io.netty.channel.epoll.EpollIoHandler.newFactory();
    }

    static Class<? extends SocketChannel> socketChannel() {
      return io.netty.channel.epoll.EpollSocketChannel.class;
    }

    static Class<? extends ServerChannel> serverSocketChannel() {
      return io.netty.channel.epoll.EpollServerSocketChannel.class;
    }
  }
}
