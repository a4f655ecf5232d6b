package io.triple.netty.internal.wire;

import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Deadline;
import io.triple.Status;
import io.triple.internal.GrpcTimeout;
import java.util.concurrent.TimeUnit;

/**
 * A request's deadline from its headers, for every dialect: one parser for gRPC's
 * {@code grpc-timeout} and the millisecond headers of Triple's plain-HTTP calls, Dubbo-go and
 * Connect. Why one: the server's gRPC path and its plain-HTTP path each parsed their own, and
 * a Connect call over HTTP/2 used the plain-HTTP one from the gRPC path.
 */
public final class RequestTimeout {
  /** Apache Dubbo's name: milliseconds. */
  public static final String TRI_SERVICE_TIMEOUT = "tri-service-timeout";
  /** Dubbo-go's Triple clients' name for the same milliseconds. */
  public static final String TRIPLE_TIMEOUT_MS = "triple-timeout-ms";
  /** Connect's clients' name for the same milliseconds. */
  public static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
  private static final String[] MILLISECOND_HEADERS = {TRI_SERVICE_TIMEOUT, TRIPLE_TIMEOUT_MS, CONNECT_TIMEOUT_MS};

  private RequestTimeout() {}

  /** A timeout header that does not parse; {@link #status()} says which and why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    Invalid(String message) {
      super(message, null, false, false);
      this.status = Status.INVALID_ARGUMENT.withDescription(message);
    }

    /** INVALID_ARGUMENT naming the header. */
    public Status status() {
      return status;
    }
  }

  /**
   * The deadline the request asks for, or null if it sends none. With {@code millisecondHeaders}
   * (Connect, Triple's plain-HTTP calls), the first of {@code tri-service-timeout},
   * {@code triple-timeout-ms} and {@code connect-timeout-ms} wins over {@code grpc-timeout};
   * without (gRPC, gRPC-Web), only {@code grpc-timeout} counts.
   */
  public static Deadline of(Http2Headers h, boolean millisecondHeaders) throws Invalid {
    if (millisecondHeaders) {
      for (String name : MILLISECOND_HEADERS) {
        CharSequence millis = h.get(name);
        if (millis != null) {
          return Deadline.after(positiveMillis(name, millis.toString()), TimeUnit.MILLISECONDS);
        }
      }
    }
    CharSequence grpcTimeout = h.get(GrpcHeaders.GRPC_TIMEOUT);
    if (grpcTimeout == null) {
      return null;
    }
    try {
      return Deadline.after(GrpcTimeout.decode(grpcTimeout.toString()), TimeUnit.NANOSECONDS);
    } catch (IllegalArgumentException e) {
      throw new Invalid(e.getMessage());
    }
  }

  private static long positiveMillis(String name, String value) throws Invalid {
    long ms;
    try {
      ms = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      ms = -1;
    }
    if (ms <= 0) {
      throw new Invalid("Invalid " + name + " '" + value + "': expected a positive number of milliseconds");
    }
    return ms;
  }
}
