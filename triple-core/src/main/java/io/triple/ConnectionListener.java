package io.triple;

import java.net.SocketAddress;

/**
 * Hears about a server's or a channel's connections: each one opened and closed, the bytes read
 * from and written to its socket (TLS records and HTTP/2 frames included, so the counts are what
 * the network carried), and its streams' flow-control stalls. For meters (triple-micrometer's
 * {@code TripleMetrics.connectionListener()} for a server, {@code clientConnectionListener()} for
 * a channel) and logs; give one to {@code TripleServer.Builder.connectionListener} or
 * {@code TripleChannel.Builder.connectionListener}. One listener given to both hears both.
 *
 * <p>Called on the connection's I/O thread, for every read and write: keep each call short and
 * never block (an adder or a counter, not a lock or I/O). Calls arriving through other servers'
 * connections may run at the same time on other threads.
 */
public interface ConnectionListener {
  /**
   * A server accepted a connection (before its protocol is known), or a channel's TCP connect
   * succeeded (before any TLS handshake and the server's HTTP/2 SETTINGS).
   */
  default void connectionOpened(SocketAddress remote) {}

  /** A connection opened earlier is closed, by either side. */
  default void connectionClosed(SocketAddress remote) {}

  /** {@code bytes} were read from a connection's socket. */
  default void bytesReceived(long bytes) {}

  /** {@code bytes} were written to a connection's socket (counted when handed to it). */
  default void bytesSent(long bytes) {}

  /**
   * A stream (one call) on an HTTP/2 connection stopped being writable while it may still send:
   * what it has to send exceeds the flow-control window the peer gave it (the stream's or the
   * connection's; the client's for a server's responses, the server's for a channel's requests),
   * or the socket's buffer is full. Its call's {@code isReady()} says false until the peer reads
   * and returns window; a flow-control stall. Once per change from writable to not.
   */
  default void streamBlocked() {}

  /**
   * The peer cannot send more on a stream: the receive window this side gave it (the stream's or
   * the connection's) is used up, and stays so until this side gives window back, which it does
   * as the application takes the messages. A handler or caller reading slower than the peer
   * sends, or one message larger than the window (then once per window's worth). Once per
   * exhaustion of a stream's window.
   */
  default void streamReceiveBlocked() {}
}
