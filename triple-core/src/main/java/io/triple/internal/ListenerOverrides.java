package io.triple.internal;

import io.triple.ClientCall;
import io.triple.ServerCall;

/**
 * Whether a call listener overrides an optional callback. The transports skip scheduling a
 * callback on the call's executor when the listener would do nothing with it: for a unary call
 * through the generated stubs that saves a thread hand-off per call ({@code onReady} when a
 * stream opens or its buffer drains, {@code onComplete} after a server sent its status). Listeners that
 * forward (interceptors) override everything, so they still get every callback.
 */
public final class ListenerOverrides {
  private ListenerOverrides() {}

  private static final ClassValue<Boolean> CLIENT_ON_READY = overrides(ClientCall.Listener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_READY = overrides(ServerCall.Listener.class, "onReady");
  private static final ClassValue<Boolean> SERVER_ON_COMPLETE = overrides(ServerCall.Listener.class, "onComplete");

  /** False only if {@code listener} is known to inherit the no-op {@code onReady()}. */
  public static boolean wantsOnReady(ClientCall.Listener<?> listener) {
    return listener == null || CLIENT_ON_READY.get(listener.getClass());
  }

  /** False only if {@code listener} is known to inherit the no-op {@code onReady()}. */
  public static boolean wantsOnReady(ServerCall.Listener<?> listener) {
    return listener == null || SERVER_ON_READY.get(listener.getClass());
  }

  /** False only if {@code listener} is known to inherit the no-op {@code onComplete()}. */
  public static boolean wantsOnComplete(ServerCall.Listener<?> listener) {
    return listener == null || SERVER_ON_COMPLETE.get(listener.getClass());
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
