package io.triple.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;

/**
 * A CLIENT span per call, child of the caller's current context, injected into the request
 * metadata; the listener's callbacks run with it current.
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private final TripleTracing tracing;

  TracingClientInterceptor(TripleTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    if (tracing.noop) {
      return next.newCall(method, options);
    }
    return new ForwardingClientCall<>(next.newCall(method, options)) {
      private Span span;
      private long sent;

      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        Context parent = Context.current();
        Span s = tracing.tracer.spanBuilder(method.fullMethodName())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(TripleTracing.RPC_SYSTEM, tracing.system)
            .setAttribute(TripleTracing.RPC_SERVICE, method.serviceName())
            .setAttribute(TripleTracing.RPC_METHOD, method.methodName())
            .startSpan();
        span = s;
        Context context = parent.with(s);
        tracing.propagator.inject(context, headers, TripleTracing.SETTER);
        try {
          super.start(new ForwardingClientCallListener<>(listener) {
            private long received;

            @Override
            public void onHeaders(Metadata responseHeaders) {
              Scope scope = context.makeCurrent();
              try {
                super.onHeaders(responseHeaders);
              } finally {
                scope.close();
              }
            }

            @Override
            public void onMessage(RespT message) {
              if (tracing.messageEvents) {
                tracing.message(s, false, ++received);
              }
              Scope scope = context.makeCurrent();
              try {
                super.onMessage(message);
              } finally {
                scope.close();
              }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              TripleTracing.end(s, status, false);
              Scope scope = context.makeCurrent();
              try {
                super.onClose(status, trailers);
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
          }, headers);
        } catch (RuntimeException | Error e) {
          s.recordException(e);
          TripleTracing.end(s, Status.UNKNOWN, false);
          throw e;
        }
      }

      @Override
      public void sendMessage(ReqT message) {
        Span s = span;
        if (s != null && tracing.messageEvents) {
          tracing.message(s, true, ++sent);
        }
        super.sendMessage(message);
      }

      @Override
      public void cancel(String message, Throwable cause) {
        Span s = span;
        if (s != null) {
          s.addEvent("cancelled" + (message == null ? "" : ": " + message));
          if (cause != null) {
            s.recordException(cause);
          }
        }
        super.cancel(message, cause);
      }
    };
  }
}
