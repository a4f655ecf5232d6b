package io.triple.netty.internal.http2;

import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.triple.ConnectionListener;

/**
 * Tells a {@link ConnectionListener} when the peer cannot send on a stream: the receive window
 * this side gave it (the stream's or the connection's) is used up, and stays so until this side
 * returns window as the application takes messages ({@link WindowUpdates}). Once per exhaustion:
 * a stream counts again only after window went back to it. The inbound counterpart of
 * {@code streamBlocked}; one per connection, on its event loop, made only when there is a
 * listener.
 */
public final class ReceiveStalls {
  private final ConnectionListener listener;
  private final Http2Connection connection;
  /** Streams whose peer is held back now: told once, until window goes back to them. */
  private final IntObjectMap<Boolean> held = new IntObjectHashMap<>();

  public ReceiveStalls(ConnectionListener listener, Http2Connection connection) {
    this.listener = listener;
    this.connection = connection;
  }

  /** A DATA frame of {@code streamId} was read and handed on (Netty has taken it from the window). */
  public void afterData(int streamId) {
    if (held.containsKey(streamId)) {
      return;
    }
    Http2Stream stream = connection.stream(streamId);
    if (stream == null) {
      return;
    }
    Http2LocalFlowController window = connection.local().flowController();
    if (window.windowSize(stream) <= 0 || window.windowSize(connection.connectionStream()) <= 0) {
      held.put(streamId, Boolean.TRUE);
      listener.streamReceiveBlocked();
    }
  }

  /** Window went back to {@code streamId}, or it closed: it may count again. */
  public void released(int streamId) {
    held.remove(streamId);
  }
}
