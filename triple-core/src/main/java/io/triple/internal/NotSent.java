package io.triple.internal;

import io.triple.Status;

/**
 * The cause a transport gives an {@code UNAVAILABLE} status when the call certainly never
 * reached a server: the connection could not be made (or the channel is backing off after such
 * a failure), it was closed or going away before the call's stream opened, or the channel was
 * shut down before anything was written. Only such calls are safe to replay on another provider
 * whatever the method: anything that may have reached a server could have been executed there.
 *
 * <p>Why a type and not the status text: failover decided by matching descriptions breaks
 * silently when a message is reworded, and then either never fails over or replays calls that
 * did reach a server. The original failure, if any, is this exception's cause.
 */
public final class NotSent extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@code cause}: what kept the call from being sent, or null. */
  public NotSent(String message, Throwable cause) {
    super(message, cause, false, false); // a marker: no stack trace to fill
  }

  /** {@code UNAVAILABLE} with {@code description}, marked as never sent. */
  public static Status unavailable(String description, Throwable cause) {
    return Status.UNAVAILABLE.withDescription(description).withCause(new NotSent(description, cause));
  }

  /** True if {@code status} says its call never reached a server (see the class comment). */
  public static boolean isNotSent(Status status) {
    if (status.code() != Status.Code.UNAVAILABLE) {
      return false;
    }
    for (Throwable c = status.cause(); c != null; c = c.getCause()) {
      if (c instanceof NotSent) {
        return true;
      }
    }
    return false;
  }
}
