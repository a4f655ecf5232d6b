package io.triple.internal;

import io.triple.ClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.ForwardingServerCallListener;
import io.triple.ServerCall;

/**
 * Whether a call listener overrides an optional callback. The transports skip scheduling a
 * callback on the call's executor when the listener would do nothing with it: for a unary call
 * through the generated stubs that saves a thread hand-off per call ({@code onReady} when a
 * stream opens or its buffer drains, {@code onComplete} after a server sent its status). A
 * forwarding listener (an interceptor's) that does not override the callback itself is looked
 * through to the listener it forwards to: without that, every interceptor cost each unary call
 * the hand-offs the generated stubs avoid ({@code bench/observability.sh --rate}: metrics alone
 * measured 18 µs more CPU per call, most of it the server's, before this).
 */
public final class ListenerOverrides {
  private ListenerOverrides() {}

  private static final ClassValue<Boolean> CLIENT_ON_READY = overrides(ClientCall.Listener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_READY = overrides(ServerCall.Listener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_COMPLETE = overrides(ServerCall.Listener.class, "onComplete");
  // Declared below the forwarding base class, by the interceptor's own listener
  private static final ClassValue<Boolean> CLIENT_ON_READY_OWN = overrides(ForwardingClientCallListener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_READY_OWN = overrides(ForwardingServerCallListener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_COMPLETE_OWN = overrides(ForwardingServerCallListener.class, "onComplete");

  /** False only if {@code listener} is known to inherit the no-op {@code onReady()}. */
  public static boolean wantsOnReady(ClientCall.Listener<?> listener) {
    ClientCall.Listener<?> l = listener;
    while (l instanceof ForwardingClientCallListener<?> f && !CLIENT_ON_READY_OWN.get(l.getClass())) {
      l = f.delegate();
    }
    return l == null || CLIENT_ON_READY.get(l.getClass());
  }

  /** False only if {@code listener} is known to inherit the no-op {@code onReady()}. */
  public static boolean wantsOnReady(ServerCall.Listener<?> listener) {
    ServerCall.Listener<?> l = listener;
    while (l instanceof ForwardingServerCallListener<?> f && !SERVER_ON_READY_OWN.get(l.getClass())) {
      l = f.delegate();
    }
    return l == null || SERVER_ON_READY.get(l.getClass());
  }

  /** False only if {@code listener} is known to inherit the no-op {@code onComplete()}. */
  public static boolean wantsOnComplete(ServerCall.Listener<?> listener) {
    ServerCall.Listener<?> l = listener;
    while (l instanceof ForwardingServerCallListener<?> f && !SERVER_ON_COMPLETE_OWN.get(l.getClass())) {
      l = f.delegate();
    }
    return l == null || SERVER_ON_COMPLETE.get(l.getClass());
  }

  private static ClassValue<Boolean> overrides(Class<?> base, String method) {
    return new ClassValue<>() {
      @Override
      protected Boolean computeValue(Class<?> type) {
        for (Class<?> c = type; c != null && c != base; c = c.getSuperclass()) {
          try {
            c.getDeclaredMethod(method);
            return true;
          } catch (NoSuchMethodException e) {
            // not declared here; look further up
          }
        }
        return false;
      }
    };
  }
}
