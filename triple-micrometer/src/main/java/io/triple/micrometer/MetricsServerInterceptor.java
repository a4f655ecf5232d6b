package io.triple.micrometer;

import io.triple.Deadline;
import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;

/**
 * Meters each call a server receives: started and in flight when it reaches the interceptor,
 * finished when its status is sent ({@code close}) or when it is cancelled (client reset,
 * connection loss: CANCELLED; the deadline: DEADLINE_EXCEEDED), whichever comes first.
 */
final class MetricsServerInterceptor implements ServerInterceptor {
  private final TripleMetrics.Side side;

  MetricsServerInterceptor(TripleMetrics.Side side) {
    this.side = side;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    CallCounts counts = new CallCounts(side.of(call.getMethodDescriptor()));
    ServerCall<ReqT, RespT> metered = new ForwardingServerCall<>(call) {
      @Override
      public void sendMessage(RespT message) {
        counts.sent();
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        counts.finish(status.code(), true);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(metered, headers);
    } catch (RuntimeException | Error e) {
      counts.finish(Status.Code.UNKNOWN, true);
      throw e;
    }
    return new ForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        counts.received();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        Deadline d = call.deadline();
        counts.finish(d != null && d.isExpired() ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED, true);
        super.onCancel();
      }
    };
  }
}
