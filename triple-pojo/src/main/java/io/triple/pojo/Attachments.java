package io.triple.pojo;

import io.triple.Metadata;

/**
 * Attachments (request metadata) for the next interface call this thread makes through a
 * {@link PojoClient} proxy: Dubbo's {@code RpcContext.getClientAttachment().setAttachment(...)}.
 * The method's signature has no room for them, so they ride on the thread, once:
 *
 * <pre>{@code
 * Attachments.forNextCall().put("userId", "42");
 * orders.find(7);                                   // sent with userId: 42, then cleared
 * }</pre>
 *
 * Keys keep their capitals on the wire to Dubbo (tri-header-convert): a Dubbo provider's
 * {@code getAttachment("userId")} finds it, and ours reads
 * {@code ServerContext.current().requestHeaders().get("userId")}. For headers on every call, put
 * a client interceptor on the channel the proxy is built on.
 */
public final class Attachments {
  private static final ThreadLocal<Metadata> NEXT = new ThreadLocal<>();

  private Attachments() {}

  /** The attachments the next call from this thread sends (created empty on first use). */
  public static Metadata forNextCall() {
    Metadata m = NEXT.get();
    if (m == null) {
      m = new Metadata();
      NEXT.set(m);
    }
    return m;
  }

  /** Forgets attachments set for the next call. */
  public static void clear() {
    NEXT.remove();
  }

  /** The next call's attachments, now taken (null if none were set). For the proxy. */
  public static Metadata take() {
    Metadata m = NEXT.get();
    NEXT.remove();
    return m == null || m.isEmpty() ? null : m;
  }
}
