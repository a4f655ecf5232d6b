package io.triple.interceptor;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.Deadline;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.internal.CallDeadlines;
import io.triple.internal.Timers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Caps the calls a client has in flight per method (Apache Dubbo's {@code actives}, its
 * consumer-side {@code ActiveLimitFilter}): a call over the limit waits, holding no thread, until
 * a call of the same method ends, in the order the calls came, and then goes out; a call still
 * waiting when its deadline passes fails with RESOURCE_EXHAUSTED without having reached the
 * server (as Dubbo's filter throws its limit-exceeded error after waiting the call's timeout).
 * The wait counts against the call's deadline: a call never outlives it because it queued.
 * Cancelling a waiting call ends it at once with CANCELLED. A call without a deadline waits until
 * a slot frees or it is cancelled.
 *
 * <p>Calls are counted per instance and method. Dubbo counts per provider and method: the
 * bootstrap installs one instance on each provider's channel of a reference that sets {@code
 * actives}. Installed on a channel of your own, it caps that channel's calls per method.
 */
public final class ActiveLimitInterceptor implements ClientInterceptor {
  private final int limit;
  private final String target;
  /** Per full method name; methods come from the application's descriptors, so this stays small. */
  private final ConcurrentMap<String, Slots> slots = new ConcurrentHashMap<>();

  /** A limit of {@code maxActiveCalls} calls in flight per method. */
  public ActiveLimitInterceptor(int maxActiveCalls) {
    this(maxActiveCalls, "");
  }

  /**
   * As {@link #ActiveLimitInterceptor(int)}; {@code target} (a provider's address) is named in
   * the error of a call that waited in vain.
   */
  public ActiveLimitInterceptor(int maxActiveCalls, String target) {
    if (maxActiveCalls <= 0) {
      throw new IllegalArgumentException("maxActiveCalls must be positive, got " + maxActiveCalls);
    }
    this.limit = maxActiveCalls;
    this.target = target == null ? "" : target;
  }

  /** Calls of {@code fullMethodName} in flight now (waiting ones not counted). */
  public int active(String fullMethodName) {
    Slots s = slots.get(fullMethodName);
    return s == null ? 0 : s.active();
  }

  /** Calls of {@code fullMethodName} waiting for a slot now. */
  public int waiting(String fullMethodName) {
    Slots s = slots.get(fullMethodName);
    return s == null ? 0 : s.waiting();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    // The deadline is fixed now, so time spent waiting for a slot counts against it (a timeout
    // alone would be turned into a deadline only when the call reaches the transport).
    Deadline deadline = CallDeadlines.forNewCall(options);
    CallOptions o = deadline == null ? options : options.withDeadline(deadline);
    Slots s = slots.computeIfAbsent(method.fullMethodName(), k -> new Slots());
    Executor executor = o.executor() != null ? o.executor() : ForkJoinPool.commonPool();
    return new LimitedCall<>(next.newCall(method, o), s, method, deadline, executor);
  }

  /** The slots of one method: calls in flight, and calls waiting for one in arrival order. */
  private final class Slots {
    private int active;
    private final ArrayDeque<LimitedCall<?, ?>> waiting = new ArrayDeque<>();

    /** Takes a slot, or puts {@code call} in line for one: false then. */
    synchronized boolean acquireOrWait(LimitedCall<?, ?> call) {
      if (active < limit) {
        active++;
        return true;
      }
      waiting.add(call);
      return false;
    }

    /** A call ended: its slot goes to the first call in line, if any (it stays taken then). */
    void release() {
      LimitedCall<?, ?> next;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          active--;
          return;
        }
      }
      next.granted();
    }

    /** Takes {@code call} out of line; false if it was not in it (it was given a slot meanwhile). */
    synchronized boolean leave(LimitedCall<?, ?> call) {
      return waiting.remove(call);
    }

    synchronized int active() {
      return active;
    }

    synchronized int waiting() {
      return waiting.size();
    }
  }

  /**
   * One call: started at once when a slot is free; otherwise the application's {@code request},
   * {@code sendMessage} and {@code halfClose} are kept, in order, until it is given a slot (then
   * replayed on the real call) or its wait ends (then dropped).
   */
  private final class LimitedCall<ReqT, RespT> extends ForwardingClientCall<ReqT, RespT> {
    private final Slots slots;
    private final MethodDescriptor<ReqT, RespT> method;
    private final Deadline deadline;
    private final Executor executor;
    private final long created = System.nanoTime();
    private Listener<RespT> listener;
    private Metadata headers;
    /** Guarded by this: what the application did while the call waited; null once passed through. */
    private List<Runnable> pending = new ArrayList<>();
    /** True once every method goes straight to the real call. */
    private volatile boolean passThrough;
    /** Guarded by this: the call waits in line. */
    private boolean waiting;
    /** Guarded by this: the call ended before it went out (its wait timed out, or it was cancelled). */
    private boolean ended;
    private ScheduledFuture<?> timer;

    LimitedCall(ClientCall<ReqT, RespT> delegate, Slots slots, MethodDescriptor<ReqT, RespT> method,
        Deadline deadline, Executor executor) {
      super(delegate);
      this.slots = slots;
      this.method = method;
      this.deadline = deadline;
      this.executor = executor;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
      this.listener = listener;
      this.headers = headers;
      boolean acquired;
      // Under the call's lock (then the slots'), so a slot given at once is seen after this.
      synchronized (this) {
        acquired = slots.acquireOrWait(this);
        if (!acquired) {
          waiting = true;
          if (deadline != null) {
            timer = Timers.schedule(this::waitExpired, deadline.timeRemaining(TimeUnit.NANOSECONDS));
          }
        }
      }
      if (acquired) {
        try {
          delegate.start(new Releasing(listener), headers);
        } catch (RuntimeException | Error e) {
          slots.release();
          throw e;
        }
        drain();
      }
    }

    /** Given a slot by a call that ended, on that call's thread: goes out on its own executor. */
    void granted() {
      execute(() -> {
        synchronized (this) {
          waiting = false;
          if (timer != null) {
            timer.cancel(false);
          }
        }
        try {
          delegate.start(new Releasing(listener), headers);
        } catch (RuntimeException | Error e) {
          slots.release();
          synchronized (this) {
            ended = true;
            pending = null;
          }
          listener.onClose(Status.INTERNAL.withDescription("Failed to start call " + method.fullMethodName()
              + " after waiting for a slot: " + e).withCause(e), new Metadata());
          return;
        }
        drain();
      });
    }

    private void waitExpired() {
      synchronized (this) {
        if (!waiting || !slots.leave(this)) {
          return; // given a slot meanwhile
        }
        waiting = false;
        ended = true;
        pending = null;
      }
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
      Status status = Status.RESOURCE_EXHAUSTED.withDescription("Waited " + waitedMs + " ms, until the call's"
          + " deadline, for one of the " + limit + " call slots of " + method.fullMethodName()
          + (target.isEmpty() ? "" : " to " + target) + " (actives " + limit + "): the call was not sent");
      execute(() -> listener.onClose(status, new Metadata()));
    }

    /**
     * Runs {@code task} on the call's executor; inline if the executor refuses it (shut down): a
     * slot handed on, or a waiting call's end, must not be lost with the task.
     */
    private void execute(Runnable task) {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    }

    /** Replays what the application did while the call waited, until nothing is left, then passes through. */
    private void drain() {
      while (true) {
        List<Runnable> todo;
        synchronized (this) {
          if (pending == null || pending.isEmpty()) {
            pending = null;
            passThrough = true;
            return;
          }
          todo = pending;
          pending = new ArrayList<>();
        }
        for (Runnable r : todo) {
          r.run();
        }
      }
    }

    /** Runs {@code r} on the real call now, or keeps it for when the call goes out; drops it if the call ended. */
    private void run(Runnable r) {
      if (!passThrough) {
        synchronized (this) {
          if (ended) {
            return;
          }
          if (!passThrough) {
            pending.add(r);
            return;
          }
        }
      }
      r.run();
    }

    @Override
    public void request(int n) {
      run(() -> delegate.request(n));
    }

    @Override
    public void sendMessage(ReqT message) {
      run(() -> delegate.sendMessage(message));
    }

    @Override
    public void halfClose() {
      run(delegate::halfClose);
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      run(() -> delegate.setMessageCompression(enabled));
    }

    @Override
    public void cancel(String message, Throwable cause) {
      boolean left;
      synchronized (this) {
        if (ended) {
          return;
        }
        left = waiting && slots.leave(this);
        if (left) {
          waiting = false;
          ended = true;
          pending = null;
          if (timer != null) {
            timer.cancel(false);
          }
        }
      }
      if (left) {
        Status status = Status.CANCELLED.withDescription(message == null
            ? "cancelled while waiting for a call slot" : message).withCause(cause);
        execute(() -> listener.onClose(status, new Metadata()));
        return;
      }
      // Started, being started, or not started yet: the real call is told, after what came before.
      run(() -> delegate.cancel(message, cause));
    }

    @Override
    public boolean isReady() {
      return passThrough && delegate.isReady();
    }

    /** Frees the call's slot when it ends. */
    private final class Releasing extends ForwardingClientCallListener<RespT> {
      private boolean released;

      Releasing(Listener<RespT> delegate) {
        super(delegate);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (!released) {
          released = true;
          slots.release();
        }
        super.onClose(status, trailers);
      }
    }
  }
}
