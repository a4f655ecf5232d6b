package io.triple.cluster;

import io.triple.Status;
import io.triple.internal.NotSent;

/** Which failures are safe to retry on another provider. */
final class Retries {
  private Retries() {}

  /**
   * True only when the call certainly never reached a server: the transport marked its status
   * {@link NotSent} (the connection could not be made or the transport is backing off after such
   * a failure, the connection was closed or going away before the stream opened, or the
   * provider's channel was shut down before anything was written). Anything after a stream
   * opened (even UNAVAILABLE) may have been executed by the server, so it is not retried:
   * replaying a non-idempotent call would be worse than failing it.
   */
  static boolean neverSent(Status status) {
    return NotSent.isNotSent(status);
  }
}
