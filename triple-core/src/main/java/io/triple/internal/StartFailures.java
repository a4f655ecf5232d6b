package io.triple.internal;

import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For transports: what a caller is told when a call's start (its server interceptors and
 * handler) threw. A {@link StatusException} is a deliberate answer (an interceptor refusing a
 * token, a limit) and is sent as it is, with its trailers. Anything else is a bug on the server:
 * logged here with its stack, and sent as UNKNOWN naming the exception's type only, as
 * {@code ServerCalls} does for a service method's exceptions (the message may hold what callers
 * must not see).
 */
public final class StartFailures {
  private static final Logger log = LoggerFactory.getLogger(StartFailures.class);

  private StartFailures() {}

  /** The status to close the call with. */
  public static Status status(Throwable t, MethodDescriptor<?, ?> method) {
    if (t instanceof StatusException se) {
      return se.getStatus();
    }
    log.error("Failed to start call {}", method.fullMethodName(), t);
    return Status.UNKNOWN.withDescription("Failed to start call " + method.fullMethodName() + ": "
        + t.getClass().getSimpleName() + " (logged by the server)");
  }

  /** The trailers to close the call with: a StatusException's, else none. */
  public static Metadata trailers(Throwable t) {
    return t instanceof StatusException se && se.getTrailers() != null ? se.getTrailers() : new Metadata();
  }
}
