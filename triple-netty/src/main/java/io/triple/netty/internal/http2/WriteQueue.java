package io.triple.netty.internal.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import io.triple.internal.FanOut;
import io.triple.internal.SendBatch;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All writes of one HTTP/2 connection, from any thread, in one ordered queue drained on the
 * connection's event loop with a single flush per drain.
 *
 * <p>Why: a call's headers, message and trailers written from a handler thread were each an
 * event-loop task and a flush, i.e. a {@code write(2)} system call each; with many calls in flight
 * on one connection that is most of the cost of a small call. Queued, whatever accumulated while
 * the loop was busy goes out in one flush (and for a unary call, headers, message and trailers
 * usually share one TCP segment). This is what grpc-java's {@code WriteQueue} does too.
 */
public final class WriteQueue {
  private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);

  /** A frame (for any stream of the connection), or an action to run in order with the writes. */
  private record Item(Object frame, ChannelFutureListener listener, Runnable action) {}

  private final Channel connection;
  private final Queue<Item> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  /** Schedules a drain; one instance, so a {@link SendBatch} holds it once however often deferred. */
  private final Runnable wake = this::scheduleDrain;
  private boolean draining;
  /** A read is under way on the event loop: writes wait for the flush at its end. */
  private boolean inRead;
  private final ArrayList<Runnable> beforeFlush = new ArrayList<>();
  /** Running the beforeFlush actions: hand-offs they make are gathered too. */
  private boolean inBeforeFlush;
  /** Tasks for application executors gathered in this read or drain (see handOff). */
  private final ArrayList<Runnable> handOffTasks = new ArrayList<>();
  private final ArrayList<Executor> handOffExecutors = new ArrayList<>();

  public WriteQueue(Channel connection) {
    this.connection = connection;
  }

  /**
   * Writes {@code frame} (a stream frame carries its stream) on the connection soon, after
   * everything queued before it.
   */
  public void write(Object frame) {
    enqueue(new Item(frame, null, null));
  }

  /** As {@link #write(Object)}; {@code listener} hears how the write went. */
  public void write(Object frame, ChannelFutureListener listener) {
    enqueue(new Item(frame, listener, null));
  }

  /** Runs {@code action} on the event loop in order with the queued writes. */
  public void run(Runnable action) {
    enqueue(new Item(null, null, action));
  }

  /**
   * Event loop only: runs {@code r} just before the current drain flushes (at once if no drain
   * is under way). Lets a writer hold its last frame back in case a later item in the same drain
   * can be merged into it (a request message and the END_STREAM that follows it).
   */
  public void beforeFlush(Runnable r) {
    if (draining || inRead || inBeforeFlush) {
      beforeFlush.add(r);
    } else {
      r.run();
      flushIfConnected();
    }
  }

  /**
   * Event loop only: runs {@code task} on {@code executor}. During a read or drain the task waits
   * for its end and goes to the executor with every other one gathered meanwhile, as one {@link
   * FanOut}: one {@code execute} from this thread for a whole read's worth of calls, instead of
   * one each (each likely to wake a pool thread, a system call on this thread).
   */
  public void handOff(Executor executor, Runnable task) {
    if (draining || inRead || inBeforeFlush) {
      handOffExecutors.add(executor);
      handOffTasks.add(task);
    } else {
      FanOut.execute(executor, new Runnable[] {task}, 0, 1);
    }
  }

  /** Event loop only: a read or a drain is under way, and will flush what is written now. */
  public boolean flushPending() {
    return inRead || draining || inBeforeFlush;
  }

  /**
   * Event loop only: a read from the socket starts. Until {@link #readComplete()} whatever is
   * written on the loop (e.g. responses of handlers that run on the event loop) is written but
   * not flushed, so a read that carried many requests is answered with one {@code write(2)}, not
   * one per call.
   */
  public void readStarted() {
    inRead = true; // called for every stream frame of a read; idempotent
  }

  /**
   * Event loop only: the read is over. Runs the held {@link #beforeFlush} actions; the flush
   * itself is Netty's: {@code Http2ConnectionHandler} (the codec ahead of our handlers) flushes
   * right after it passes {@code channelReadComplete} on to them.
   */
  public void readComplete() {
    if (inRead) {
      inRead = false;
      runBeforeFlush();
      if (!items.isEmpty()) {
        drain(true); // queued by those actions
      }
    }
  }

  private void enqueue(Item item) {
    items.add(item);
    if (connection.eventLoop().inEventLoop()) {
      // On the loop: write now (in order with anything queued) unless a drain is under way,
      // which will pick this up before it flushes.
      if (!draining && !inBeforeFlush) {
        drain(!inRead);
      }
      return;
    }
    if (!scheduled.get() && SendBatch.deferWake(wake)) {
      return; // the caller is in the middle of a call's operations: wake once they are all queued
    }
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        connection.eventLoop().execute(drainTask);
      } catch (RejectedExecutionException e) {
        // The event loop is gone, and with it the connection: nothing can be written. Release
        // the frames; run the actions (they end their calls) here.
        scheduled.set(false);
        discardAfterShutdown();
      }
    }
  }

  private void drain() {
    drain(true);
  }

  /** {@code flush} false: during a read, whose end flushes (see {@link #readComplete()}). */
  private void drain(boolean flush) {
    draining = true;
    try {
      scheduled.set(false);
      // Listeners of completed writes may queue more while we flush; go round until empty so
      // nothing is left behind without a drain scheduled.
      do {
        Item item;
        while ((item = items.poll()) != null) {
          try {
            if (item.action != null) {
              item.action.run();
            } else if (item.listener != null) {
              connection.write(item.frame).addListener(item.listener);
            } else {
              connection.write(item.frame);
            }
          } catch (RuntimeException e) {
            log.warn("Failed to write on {}", connection, e);
          }
        }
        if (!flush) {
          continue;
        }
        runBeforeFlush();
        flushIfConnected();
        // Listeners of the writes just flushed may have queued items, actions or hand-offs.
      } while (!items.isEmpty() || (flush && (!beforeFlush.isEmpty() || !handOffTasks.isEmpty())));
    } finally {
      draining = false;
    }
  }

  /**
   * Flushes, unless the connection is still connecting: nothing of ours is written before the
   * connect (streams open once it is ready), and a flush then would reach a TLS handler before
   * the socket exists. The JDK's SSLEngine starts its handshake on that flush's wrap, the
   * ClientHello it writes is dropped (not yet connected), and the handshake never completes.
   */
  private void flushIfConnected() {
    if (connection.isActive()) {
      connection.flush();
    }
  }

  /**
   * Runs the held actions, then hands off the gathered tasks. Until both are done, writes made
   * on the loop (e.g. by callbacks of a direct executor, which run during the hand-off) are
   * queued for the caller's flush instead of each flushing at once, and actions and hand-offs
   * they add are taken in the same pass.
   */
  private void runBeforeFlush() {
    inBeforeFlush = true;
    try {
      do {
        for (int i = 0; i < beforeFlush.size(); i++) {
          try {
            beforeFlush.get(i).run();
          } catch (RuntimeException e) {
            // One failing action must not cost the others (a lost hand-off is a call that
            // never hears its outcome).
            log.warn("Failed to run a pre-flush action on {}", connection, e);
          }
        }
        beforeFlush.clear();
        handOffGathered();
      } while (!beforeFlush.isEmpty() || !handOffTasks.isEmpty());
    } finally {
      inBeforeFlush = false;
      beforeFlush.clear();
    }
  }

  /**
   * Gives the gathered tasks to their executors: one FanOut per run of the same executor. The
   * lists are emptied first: with a direct executor the tasks run right here, and may hand off
   * more (or add actions, or write), which runBeforeFlush's loop and its caller then take.
   */
  private void handOffGathered() {
    int n = handOffTasks.size();
    if (n == 0) {
      return;
    }
    Runnable[] tasks = handOffTasks.toArray(new Runnable[n]);
    Executor[] executors = handOffExecutors.toArray(new Executor[n]);
    handOffTasks.clear();
    handOffExecutors.clear();
    for (int start = 0; start < n; ) {
      Executor executor = executors[start];
      int end = start + 1;
      while (end < n && executors[end] == executor) {
        end++;
      }
      FanOut.execute(executor, tasks, start, end);
      start = end;
    }
  }

  private void discardAfterShutdown() {
    Item item;
    while ((item = items.poll()) != null) {
      try {
        if (item.action != null) {
          item.action.run();
        } else {
          ReferenceCountUtil.release(item.frame);
        }
      } catch (RuntimeException e) {
        log.debug("After shutdown of {}: {}", connection, e.toString());
      }
    }
  }
}
