package io.triple.internal;

import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sequence of call operations the current thread makes back to back (the stubs' {@code start},
 * {@code request}, {@code sendMessage}, {@code halfClose} of one call), during which a transport
 * may hold back waking its I/O thread until the sequence ends.
 *
 * <p>Why: a unary call's headers, message and end of stream are queued by three operations. A
 * transport that wakes its event loop on the first one has the loop racing the caller: it often
 * writes and flushes the headers alone, then wakes again for the message. Waking once, at the end,
 * sends the whole request in one write (grpc-java, likewise, does not flush a unary call's
 * headers before its message). The batch only ever delays a wake until {@link #close()}, which
 * the opener runs in a {@code finally}: nothing is held past the sequence.
 *
 * <p>Use: {@code try (SendBatch b = SendBatch.open()) { ... }}; transports call {@link
 * #deferWake(Runnable)}.
 */
public final class SendBatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SendBatch.class);
  /** This thread's innermost open batch, in a one-element array (no ThreadLocal.set per call). */
  private static final ThreadLocal<SendBatch[]> CURRENT = ThreadLocal.withInitial(() -> new SendBatch[1]);

  private final SendBatch[] slot;
  private final SendBatch outer;
  /** Wakes owed at close, without duplicates: usually one (the call's connection). */
  private Runnable wake;
  private ArrayList<Runnable> moreWakes;

  private SendBatch(SendBatch[] slot) {
    this.slot = slot;
    this.outer = slot[0];
  }

  /** Opens a batch on this thread; close it in a {@code finally}. */
  public static SendBatch open() {
    SendBatch[] slot = CURRENT.get();
    SendBatch b = new SendBatch(slot);
    slot[0] = b;
    return b;
  }

  /**
   * If a batch is open on this thread, remembers {@code wake} (compared by identity) to run when
   * it closes and returns true; otherwise returns false and the caller wakes now.
   */
  public static boolean deferWake(Runnable wake) {
    SendBatch b = CURRENT.get()[0];
    if (b == null) {
      return false;
    }
    if (b.wake == null || b.wake == wake) {
      b.wake = wake;
    } else {
      if (b.moreWakes == null) {
        b.moreWakes = new ArrayList<>(2);
      }
      if (!b.moreWakes.contains(wake)) {
        b.moreWakes.add(wake);
      }
    }
    return true;
  }

  /**
   * Ends the batch and runs the wakes it holds. A batch opened inside another (a callback that
   * makes a call of its own while the outer call starts) is closed, and its wakes run, before
   * the outer one goes on: the inner call may block on its result.
   */
  @Override
  public void close() {
    slot[0] = outer;
    run(wake);
    if (moreWakes != null) {
      for (Runnable w : moreWakes) {
        run(w);
      }
    }
  }

  private static void run(Runnable wake) {
    if (wake == null) {
      return;
    }
    try {
      wake.run();
    } catch (RuntimeException e) {
      log.warn("Failed to wake a transport after a batch of call operations", e);
    }
  }
}
