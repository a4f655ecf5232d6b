package io.triple.micrometer;

import io.triple.Deadline;
import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A call a server received, metered: its start time, the messages each way, and its end, recorded
 * once (the status and a cancellation race; the first records). The one object per call that
 * holds the call's meter state; its {@link Listener} counts the requests.
 */
final class MeteredServerCall<ReqT, RespT> extends ForwardingServerCall<ReqT, RespT> {
  private static final VarHandle IN;
  private static final VarHandle OUT;
  private static final VarHandle DONE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      IN = l.findVarHandle(MeteredServerCall.class, "in", int.class);
      OUT = l.findVarHandle(MeteredServerCall.class, "out", int.class);
      DONE = l.findVarHandle(MeteredServerCall.class, "done", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TripleMetrics.MethodMeters meters;
  private final long start = System.nanoTime();
  // Each count has one writer at a time (the listener's callbacks run in turn; the application
  // sends in turn), so a release store replaces an atomic increment; the end reads them with
  // acquire.
  private int in;
  private int out;
  private volatile int done;

  MeteredServerCall(ServerCall<ReqT, RespT> call, TripleMetrics.MethodMeters meters) {
    super(call);
    this.meters = meters;
    meters.start();
  }

  @Override
  public void sendMessage(RespT message) {
    OUT.setRelease(this, (int) OUT.getOpaque(this) + 1);
    super.sendMessage(message);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    finish(status.code());
    super.close(status, trailers);
  }

  /** Records the call as ended with {@code code}, the first time only. */
  void finish(Status.Code code) {
    if (DONE.compareAndSet(this, 0, 1)) {
      meters.finish(start, code, (int) IN.getAcquire(this), (int) OUT.getAcquire(this),
          wireBytesReceived(), wireBytesSent());
    }
  }

  /** Counts the requests; a cancellation ends the call as CANCELLED or, past its deadline, DEADLINE_EXCEEDED. */
  static final class Listener<ReqT> extends ForwardingServerCallListener<ReqT> {
    private final MeteredServerCall<ReqT, ?> call;

    Listener(ServerCall.Listener<ReqT> delegate, MeteredServerCall<ReqT, ?> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      IN.setRelease(call, (int) IN.getOpaque(call) + 1);
      super.onMessage(message);
    }

    @Override
    public void onCancel() {
      Deadline d = call.deadline();
      call.finish(d != null && d.isExpired() ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED);
      super.onCancel();
    }
  }
}
