package io.triple.interceptor;

import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per finished call on the logger {@code triple.access} (Dubbo's
 * {@code accesslog}): method, peer, status, duration and message counts, e.g.
 *
 * <pre>
 * org.apache.dubbo.sample.tri.Greeter/greet from /127.0.0.1:51234: OK in 1.2 ms (1 in, 1 out)
 * </pre>
 *
 * A call that carries W3C trace context ({@code traceparent}, sent by OpenTelemetry, Micrometer
 * Tracing, triple-opentelemetry and grpc-java's tracing) gets its trace id on the line
 * ({@code ... from /127.0.0.1:51234 trace 4bf92f3577b34da6a3ce929d0e0e4736: OK ...}), so a
 * line leads to its trace and back.
 *
 * <p>INFO for OK, WARN for errors, DEBUG for cancellations (a client hanging up is not news).
 * Route or silence it with your SLF4J backend's configuration for {@code triple.access}.
 */
public final class AccessLogInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger("triple.access");

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    long start = System.nanoTime();
    AtomicInteger in = new AtomicInteger();
    AtomicInteger out = new AtomicInteger();
    String trace = traceId(headers);
    String what = call.getMethodDescriptor().fullMethodName() + " from " + call.remoteAddress()
        + (trace == null ? "" : " trace " + trace);
    ServerCall<ReqT, RespT> logged = new ForwardingServerCall<>(call) {
      @Override
      public void sendMessage(RespT message) {
        out.incrementAndGet();
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        double ms = (System.nanoTime() - start) / (double) TimeUnit.MILLISECONDS.toNanos(1);
        String line = String.format("%s: %s in %.1f ms (%d in, %d out)", what,
            status.code() + (status.description() == null ? "" : " (" + status.description() + ")"),
            ms, in.get(), out.get());
        if (status.isOk()) {
          log.info(line);
        } else {
          log.warn(line);
        }
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener<>(next.startCall(logged, headers)) {
      @Override
      public void onMessage(ReqT message) {
        in.incrementAndGet();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        log.debug("{}: cancelled by the client after {} ms", what,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        super.onCancel();
      }
    };
  }

  /**
   * The trace id of a {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null
   * when there is none or it is malformed or all zeros (invalid by the W3C spec).
   */
  static String traceId(Metadata headers) {
    String tp = headers.get("traceparent");
    if (tp == null || tp.length() < 55 || tp.charAt(2) != '-' || tp.charAt(35) != '-') {
      return null;
    }
    String id = tp.substring(3, 35);
    boolean nonZero = false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
      nonZero |= c != '0';
    }
    return nonZero ? id : null;
  }
}
