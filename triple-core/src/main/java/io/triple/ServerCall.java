package io.triple;

import java.net.SocketAddress;

/**
 * One call from the server side, at the level below generated service interfaces. Methods other
 * than {@link #isCancelled()} must not be called concurrently.
 */
public abstract class ServerCall<ReqT, RespT> {

  /** Receives what the client sends. Callbacks for one call run one at a time, in order. */
  public abstract static class Listener<T> {
    public void onMessage(T message) {}

    /** The client will send no more messages. */
    public void onHalfClose() {}

    /** The call was cancelled (client reset, deadline, connection loss). Last callback. */
    public void onCancel() {}

    /** The call completed normally: the status was sent. Last callback. */
    public void onComplete() {}

    public void onReady() {}
  }

  /** Asks for {@code n} more request messages. */
  public abstract void request(int n);

  /** Sends response headers; at most once, before any message. Optional. */
  public abstract void sendHeaders(Metadata headers);

  public abstract void sendMessage(RespT message);

  /** Ends the call with a status and trailers. */
  public abstract void close(Status status, Metadata trailers);

  public abstract boolean isCancelled();

  /**
   * Runs {@code hook} once, as soon as the call is cancelled (deadline, client reset, connection
   * loss), on the server's executor: not in turn with the listener's callbacks, so it reaches a
   * handler still blocked in one ({@link Listener#onCancel} follows that callback, in order). At
   * once, on this thread, if the call was already cancelled. May be called from any thread. A
   * call that cannot tell sooner than {@code onCancel} runs nothing here (the default).
   */
  public void whenCancelled(Runnable hook) {}

  public boolean isReady() {
    return true;
  }

  /**
   * Compresses response messages with {@code encoding} ({@code "gzip"}) if the client accepts it
   * (its {@code grpc-accept-encoding}); otherwise they are sent uncompressed. Call before
   * {@link #sendHeaders}.
   */
  public void setCompression(String encoding) {}

  /** Turns compression off (or back on) for the following messages. */
  public void setMessageCompression(boolean enabled) {}

  /** True if the request message being delivered now arrived compressed. */
  public boolean isMessageCompressed() {
    return false;
  }

  public abstract MethodDescriptor<ReqT, RespT> getMethodDescriptor();

  /** The client's address. */
  public abstract SocketAddress remoteAddress();

  /** The call's deadline from {@code grpc-timeout}, or null if the client set none. */
  public abstract Deadline deadline();

  /**
   * Bytes of request messages this call has read so far, as the wire carried them: each
   * message's length prefix and its bytes, compressed if they were (the DATA payload of the
   * call; headers and trailers are not counted). Exact once the call has ended; for meters
   * (triple-micrometer's per-call byte sizes). -1 if the transport does not count.
   */
  public long wireBytesReceived() {
    return -1;
  }

  /**
   * Bytes of response messages this call has sent so far (handed to the transport), counted as
   * {@link #wireBytesReceived}. -1 if the transport does not count.
   */
  public long wireBytesSent() {
    return -1;
  }
}
