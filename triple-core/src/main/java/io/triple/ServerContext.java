package io.triple;

import java.net.SocketAddress;

/**
 * What a service implementation can see and set about the call it is serving: request metadata,
 * response headers and trailers, the deadline, cancellation.
 *
 * <p>{@link #current()} works on the thread running a handler method (and its
 * {@code StreamObserver} callbacks). Code that continues the call on another thread should
 * capture the context first: {@code ServerContext ctx = ServerContext.current();}.
 */
public abstract class ServerContext {
  private static final ThreadLocal<ServerContext> CURRENT = new ThreadLocal<>();

  /**
   * The context of the call being served on this thread.
   *
   * @throws IllegalStateException if this thread is not running a handler
   */
  public static ServerContext current() {
    ServerContext c = CURRENT.get();
    if (c == null) {
      throw new IllegalStateException("ServerContext.current() called outside a service call");
    }
    return c;
  }

  /** Like {@link #current()} but returns null outside a call. */
  public static ServerContext currentOrNull() {
    return CURRENT.get();
  }

  /** Makes {@code ctx} current on this thread; returns the previous one to restore. */
  protected static ServerContext attach(ServerContext ctx) {
    ServerContext prev = CURRENT.get();
    CURRENT.set(ctx);
    return prev;
  }

  protected static void detach(ServerContext prev) {
    if (prev == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(prev);
    }
  }

  /** The request headers as received (including {@code content-type}, {@code user-agent}, ...). */
  public abstract Metadata requestHeaders();

  public abstract MethodDescriptor<?, ?> method();

  /**
   * Headers to send with the response. Add to it before the first response message (or before
   * the call ends, for a call with no messages); later changes are not sent.
   */
  public abstract Metadata responseHeaders();

  /** Trailers to send with the final status; add to it any time before the call ends. */
  public abstract Metadata responseTrailers();

  public abstract SocketAddress remoteAddress();

  /** The deadline the client set, or null. */
  public abstract Deadline deadline();

  public abstract boolean isCancelled();

  /**
   * Compresses this call's response messages ({@code "gzip"}) when the client accepts it. Call
   * before the first response message.
   */
  public abstract void setCompression(String encoding);

  /** Turns response compression off (or back on) for the messages sent after this. */
  public abstract void setMessageCompression(boolean enabled);

  /** True if the request message being handled now arrived compressed on the wire. */
  public abstract boolean isRequestMessageCompressed();

  /**
   * Runs {@code listener} once if the call is cancelled (deadline, client cancel or reset,
   * connection loss): as soon as the server learns of it, on the server's executor, even while
   * the handler is still blocked in its method; at once if the call already was cancelled.
   */
  public abstract void addCancellationListener(Runnable listener);
}
