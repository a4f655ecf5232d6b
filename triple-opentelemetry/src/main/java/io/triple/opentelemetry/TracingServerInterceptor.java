package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.triple.Deadline;
import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SERVER span per call, child of the context the request metadata carries, current while the
 * listener's callbacks (and so the service's methods) run.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  private final TripleTracing tracing;

  TracingServerInterceptor(TripleTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (tracing.noop) {
      return next.startCall(call, headers);
    }
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    Context parent = tracing.propagator.extract(Context.root(), headers, TripleTracing.GETTER);
    var builder = tracing.tracer.spanBuilder(method.fullMethodName())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(TripleTracing.RPC_SYSTEM, tracing.system)
        .setAttribute(TripleTracing.RPC_SERVICE, method.serviceName())
        .setAttribute(TripleTracing.RPC_METHOD, method.methodName());
    SocketAddress remote = call.remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      builder.setAttribute(TripleTracing.PEER_ADDRESS, inet.getAddress().getHostAddress())
          .setAttribute(TripleTracing.PEER_PORT, (long) inet.getPort());
    }
    Span span = builder.startSpan();
    Context context = parent.with(span);
    AtomicBoolean ended = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    AtomicLong received = new AtomicLong();
    ServerCall<ReqT, RespT> traced = new ForwardingServerCall<>(call) {
      @Override
      public void sendMessage(RespT message) {
        if (tracing.messageEvents) {
          tracing.message(span, true, sent.incrementAndGet());
        }
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (ended.compareAndSet(false, true)) {
          TripleTracing.end(span, status, true);
        }
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<ReqT> listener;
    Scope scope = context.makeCurrent();
    try {
      listener = next.startCall(traced, headers);
    } catch (RuntimeException | Error e) {
      if (ended.compareAndSet(false, true)) {
        span.recordException(e);
        TripleTracing.end(span, Status.UNKNOWN, true);
      }
      throw e;
    } finally {
      scope.close();
    }
    return new ForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        if (tracing.messageEvents) {
          tracing.message(span, false, received.incrementAndGet());
        }
        Scope scope = context.makeCurrent();
        try {
          super.onMessage(message);
        } finally {
          scope.close();
        }
      }

      @Override
      public void onHalfClose() {
        Scope scope = context.makeCurrent();
        try {
          super.onHalfClose();
        } finally {
          scope.close();
        }
      }

      @Override
      public void onReady() {
        Scope scope = context.makeCurrent();
        try {
          super.onReady();
        } finally {
          scope.close();
        }
      }

      @Override
      public void onComplete() {
        Scope scope = context.makeCurrent();
        try {
          super.onComplete();
        } finally {
          scope.close();
        }
      }

      @Override
      public void onCancel() {
        if (ended.compareAndSet(false, true)) {
          Deadline d = call.deadline();
          boolean deadline = d != null && d.isExpired();
          span.setAttribute(TripleTracing.RPC_STATUS,
              (long) (deadline ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED).value());
          span.setStatus(StatusCode.ERROR, deadline ? "deadline exceeded" : "cancelled by the client");
          span.end();
        }
        Scope scope = context.makeCurrent();
        try {
          super.onCancel();
        } finally {
          scope.close();
        }
      }
    };
  }
}
