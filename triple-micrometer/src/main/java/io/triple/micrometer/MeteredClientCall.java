package io.triple.micrometer;

import io.triple.ClientCall;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A call a client makes, metered from {@code start} to the status its listener hears. Its {@link
 * Listener}, made at {@code start}, is the one object per call that holds the call's meter state
 * (start time, messages each way); this wrapper counts the requests into it.
 */
final class MeteredClientCall<ReqT, RespT> extends ForwardingClientCall<ReqT, RespT> {
  private static final VarHandle IN;
  private static final VarHandle OUT;
  private static final VarHandle DONE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      IN = l.findVarHandle(Listener.class, "in", int.class);
      OUT = l.findVarHandle(Listener.class, "out", int.class);
      DONE = l.findVarHandle(Listener.class, "done", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MethodDescriptor<ReqT, RespT> method;
  private final TripleMetrics.Side side;
  /** Null until {@code start}; the application calls start, then sendMessage, in turn. */
  private Listener<RespT> metered;

  MeteredClientCall(ClientCall<ReqT, RespT> call, MethodDescriptor<ReqT, RespT> method, TripleMetrics.Side side) {
    super(call);
    this.method = method;
    this.side = side;
  }

  @Override
  public void start(ClientCall.Listener<RespT> listener, Metadata headers) {
    Listener<RespT> m = new Listener<>(listener, side.of(method), this);
    metered = m;
    try {
      super.start(m, headers);
    } catch (RuntimeException | Error e) {
      m.finish(Status.Code.UNKNOWN);
      throw e;
    }
  }

  @Override
  public void sendMessage(ReqT message) {
    Listener<RespT> m = metered;
    if (m != null) {
      OUT.setRelease(m, (int) OUT.getOpaque(m) + 1);
    }
    super.sendMessage(message);
  }

  /** The call's meter state: counts the responses, records the call at its status. */
  static final class Listener<RespT> extends ForwardingClientCallListener<RespT> {
    private final TripleMetrics.MethodMeters meters;
    private final ClientCall<?, RespT> call; // for its bytes at the end
    private final long start = System.nanoTime();
    // Each count has one writer at a time (the listener's callbacks run in turn; the application
    // sends in turn), so a release store replaces an atomic increment; the end reads them with
    // acquire.
    private int in;
    private int out;
    private volatile int done;

    Listener(ClientCall.Listener<RespT> delegate, TripleMetrics.MethodMeters meters, ClientCall<?, RespT> call) {
      super(delegate);
      this.meters = meters;
      this.call = call;
      meters.start();
    }

    @Override
    public void onMessage(RespT message) {
      IN.setRelease(this, (int) IN.getOpaque(this) + 1);
      super.onMessage(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      finish(status.code());
      super.onClose(status, trailers);
    }

    /** Records the call as ended with {@code code}, the first time only. */
    void finish(Status.Code code) {
      if (DONE.compareAndSet(this, 0, 1)) {
        meters.finish(start, code, (int) OUT.getAcquire(this), (int) IN.getAcquire(this),
            call.wireBytesSent(), call.wireBytesReceived());
      }
    }
  }
}
