package io.triple.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server call runs the moment it is cancelled (deadline, client reset, connection loss),
 * for transports to share. Why not the listener's {@code onCancel}: that runs in turn with the
 * call's other callbacks, so a handler blocked in one (a blocking unary method) would hear of the
 * cancellation only after it returned; grpc-java's {@code Context} cancellation listeners do not
 * wait either. Thread-safe; each hook runs once.
 */
public final class CancellationHooks {
  private static final Logger log = LoggerFactory.getLogger(CancellationHooks.class);

  private Runnable hooks; // guarded by this; null, one hook, or a chain
  private boolean fired; // guarded by this

  /** Adds {@code hook}; runs it at once, on this thread, if the call is already cancelled. */
  public void add(Runnable hook) {
    synchronized (this) {
      if (!fired) {
        Runnable before = hooks;
        hooks = before == null ? hook : () -> {
          before.run();
          hook.run();
        };
        return;
      }
    }
    run(hook);
  }

  /**
   * The call is cancelled: runs the hooks on {@code executor} (the server's handler executor,
   * never the call's serializing one), or here if it refuses them. Later calls do nothing.
   */
  public void fire(Executor executor) {
    Runnable h;
    synchronized (this) {
      if (fired) {
        return;
      }
      fired = true;
      h = hooks;
      hooks = null;
    }
    if (h == null) {
      return;
    }
    try {
      executor.execute(() -> run(h));
    } catch (RejectedExecutionException e) {
      run(h); // the executor is shutting down: the hooks still learn of the cancellation
    }
  }

  private static void run(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      log.warn("Cancellation hook threw", e);
    }
  }
}
