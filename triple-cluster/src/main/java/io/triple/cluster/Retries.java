package io.triple.cluster;

import io.triple.Status;
import java.net.ConnectException;

/** Which failures are safe to retry on another provider. */
final class Retries {
  private Retries() {}

  /**
   * True only when the call certainly never reached a server: the connection could not be made
   * (or the transport is backing off after such a failure), the connection was already closed
   * or going away before the stream opened, or the provider's channel was shut down. Anything
   * after a stream opened (even UNAVAILABLE) may have been executed by the server, so it is
   * not retried: replaying a non-idempotent call would be worse than failing it.
   *
   * <p>Matches the descriptions triple-netty uses for these cases (kept in sync by the cluster
   * tests, which fail over from a refused connection).
   */
  static boolean neverSent(Status status) {
    if (status.code() != Status.Code.UNAVAILABLE) {
      return false;
    }
    for (Throwable c = status.cause(); c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return true;
      }
    }
    String d = status.description();
    if (d == null) {
      return false;
    }
    return d.startsWith("Failed to connect to ")
        || (d.startsWith("Connection to ") && d.endsWith(" is closed"))
        || d.startsWith("Failed to open a stream to ")
        || (d.startsWith("Channel to ") && d.endsWith(" is shut down"));
  }
}
