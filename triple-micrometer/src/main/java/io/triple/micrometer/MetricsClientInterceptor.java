package io.triple.micrometer;

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
 * Meters each call a client makes: started and in flight at {@code start}, finished with the
 * status the listener hears ({@code onClose}), which is also where a cancellation or a deadline
 * ends up.
 */
final class MetricsClientInterceptor implements ClientInterceptor {
  private final TripleMetrics.Side side;

  MetricsClientInterceptor(TripleMetrics.Side side) {
    this.side = side;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall<>(next.newCall(method, options)) {
      private CallCounts counts;

      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        CallCounts c = new CallCounts(side.of(method));
        counts = c;
        try {
          super.start(new ForwardingClientCallListener<>(listener) {
            @Override
            public void onMessage(RespT message) {
              c.received();
              super.onMessage(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              c.finish(status.code(), false);
              super.onClose(status, trailers);
            }
          }, headers);
        } catch (RuntimeException | Error e) {
          c.finish(Status.Code.UNKNOWN, false);
          throw e;
        }
      }

      @Override
      public void sendMessage(ReqT message) {
        CallCounts c = counts;
        if (c != null) {
          c.sent();
        }
        super.sendMessage(message);
      }
    };
  }
}
