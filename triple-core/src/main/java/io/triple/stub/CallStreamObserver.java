package io.triple.stub;

import io.triple.StreamObserver;

/**
 * A {@link StreamObserver} for the sending side of a stream that exposes flow control: whether
 * the transport is ready for more, and how many messages to ask for from the other side.
 */
public abstract class CallStreamObserver<V> implements StreamObserver<V> {

  /**
   * True if {@link #onNext} can be called without buffering past the HTTP/2 flow-control window.
   * Sending while not ready is allowed but buffers in memory.
   */
  public abstract boolean isReady();

  /** Runs {@code handler} (on the call's executor) each time the stream becomes ready. */
  public abstract void setOnReadyHandler(Runnable handler);

  /**
   * Turns off automatic inbound flow control: the peer's messages are then delivered only as
   * they are asked for with {@link #request}. Call before the handler method returns (server)
   * or before the call starts (client, from {@code beforeStart}).
   */
  public abstract void disableAutoInboundFlowControl();

  /** Asks for {@code count} more inbound messages (with auto flow control disabled). */
  public abstract void request(int count);

  /**
   * Turns compression off (or back on) for the messages sent after this, when compression is
   * on for the call (client: {@code CallOptions.withCompression}; server:
   * {@code ServerContext.setCompression}).
   */
  public abstract void setMessageCompression(boolean enabled);
}
