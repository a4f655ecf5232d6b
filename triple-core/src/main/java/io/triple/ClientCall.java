package io.triple;

/**
 * One call from the client side, at the level below stubs. Messages go out with
 * {@link #sendMessage}; responses arrive on the {@link Listener}. Methods other than
 * {@link #cancel} must not be called concurrently.
 *
 * <p>Listener callbacks for one call run one at a time, in order, never on a network event
 * loop.
 */
public abstract class ClientCall<ReqT, RespT> {

  /** Receives what the server sends. */
  public abstract static class Listener<T> {
    /** The response headers arrived (not called for a trailers-only response). */
    public void onHeaders(Metadata headers) {}

    /** One response message. */
    public void onMessage(T message) {}

    /** The call ended. Always called exactly once, last. */
    public void onClose(Status status, Metadata trailers) {}

    /** The transport can take more messages without buffering ({@link #isReady()}). */
    public void onReady() {}
  }

  /** Starts the call: sends request headers (the given metadata plus protocol headers). */
  public abstract void start(Listener<RespT> listener, Metadata headers);

  /** Asks for {@code n} more response messages to be delivered to the listener. */
  public abstract void request(int n);

  public abstract void sendMessage(ReqT message);

  /** No more messages will be sent (END_STREAM). */
  public abstract void halfClose();

  /** Cancels the call; the listener sees CANCELLED. Safe from any thread, idempotent. */
  public abstract void cancel(String message, Throwable cause);

  /**
   * With compression on for the call ({@link CallOptions#withCompression}), turns it off (or back
   * on) for the messages sent after this.
   */
  public void setMessageCompression(boolean enabled) {}

  /** True if a message can be sent now without being buffered beyond flow-control windows. */
  public boolean isReady() {
    return true;
  }

  /**
   * Bytes of response messages this call has read so far, as the wire carried them: each
   * message's length prefix and its bytes, compressed if they were (the DATA payload of the
   * call; headers and trailers are not counted). Exact once the call has ended; for meters
   * (triple-micrometer's per-call byte sizes; a cluster's call that retried answers for the
   * attempt it is on). -1 if the transport does not count.
   */
  public long wireBytesReceived() {
    return -1;
  }

  /**
   * Bytes of request messages this call has sent so far (handed to the transport), counted as
   * {@link #wireBytesReceived}. -1 if the transport does not count.
   */
  public long wireBytesSent() {
    return -1;
  }
}
