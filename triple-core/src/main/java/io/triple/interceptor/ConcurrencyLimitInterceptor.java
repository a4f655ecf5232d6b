package io.triple.interceptor;

import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps the calls in progress (Dubbo's {@code executes}): a call over the limit is refused at
 * once with RESOURCE_EXHAUSTED, which clients may retry elsewhere, instead of queueing. The
 * limit is shared by everything this instance is installed on: install one per service for a
 * per-service limit, or one on the server for a global one.
 */
public final class ConcurrencyLimitInterceptor implements ServerInterceptor {
  private final int limit;
  private final Semaphore permits;

  public ConcurrencyLimitInterceptor(int maxConcurrentCalls) {
    if (maxConcurrentCalls <= 0) {
      throw new IllegalArgumentException("maxConcurrentCalls must be positive, got " + maxConcurrentCalls);
    }
    this.limit = maxConcurrentCalls;
    this.permits = new Semaphore(maxConcurrentCalls);
  }

  /** Calls in progress now. */
  public int inProgress() {
    return limit - permits.availablePermits();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!permits.tryAcquire()) {
      call.close(Status.RESOURCE_EXHAUSTED.withDescription(
          "Too many concurrent calls to " + call.getMethodDescriptor().fullMethodName()
              + " (limit " + limit + ")"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    };
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(new ForwardingServerCall<>(call) {
        @Override
        public void close(Status status, Metadata trailers) {
          release.run();
          super.close(status, trailers);
        }
      }, headers);
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
    return new ForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }
    };
  }
}
