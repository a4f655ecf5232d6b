package io.triple.inprocess.internal;

import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.GrpcMessageEncoding;
import io.triple.internal.GrpcTimeout;
import io.triple.internal.ReservedHeaders;
import java.util.concurrent.TimeUnit;

/**
 * Metadata as the other side of a network call would receive it: the headers the transport adds
 * (content type, user agent, {@code grpc-timeout}, {@code grpc-status}), user entries under the
 * names the transport owns dropped, and every value through its text form (binary values as
 * base64 and back), so nothing is shared between the two sides. The key spellings travel as
 * Dubbo's {@code tri-header-convert} carries them.
 */
final class WireMetadata {
  static final String CONTENT_TYPE = "application/grpc";
  static final String USER_AGENT = "triple-java-inprocess";
  static final String GRPC_TIMEOUT = "grpc-timeout";

  private WireMetadata() {}

  /**
   * The request headers a server sees; {@code grpc-timeout} carries the time left to
   * {@code deadline}, from which the server derives its own.
   */
  static Metadata requestHeaders(Metadata user, Deadline deadline) {
    Metadata h = new Metadata();
    h.add("content-type", CONTENT_TYPE);
    h.add("te", "trailers");
    h.add("user-agent", USER_AGENT);
    if (deadline != null) {
      h.add(GRPC_TIMEOUT, GrpcTimeout.encode(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    copy(user, h);
    return h;
  }

  /** The server's deadline from the request's {@code grpc-timeout}, or null. */
  static Deadline deadline(Metadata requestHeaders) {
    String timeout = requestHeaders.get(GRPC_TIMEOUT);
    return timeout == null ? null : Deadline.after(GrpcTimeout.decode(timeout), TimeUnit.NANOSECONDS);
  }

  /** The response headers a client sees. */
  static Metadata responseHeaders(Metadata user) {
    Metadata h = new Metadata();
    h.add("content-type", CONTENT_TYPE);
    copy(user, h);
    return h;
  }

  /**
   * The trailers a client sees with {@code status}; for a call that sent no headers (a
   * trailers-only response), with the response headers in front.
   */
  static Metadata trailers(Status status, Metadata user, boolean trailersOnly) {
    Metadata t = new Metadata();
    if (trailersOnly) {
      t.add("content-type", CONTENT_TYPE);
    }
    t.addFromWire("grpc-status", Integer.toString(status.code().value()));
    if (status.description() != null) {
      t.addFromWire("grpc-message", GrpcMessageEncoding.encode(status.description()));
    }
    copy(user, t);
    return t;
  }

  /**
   * The status as the peer learns it: code and description only. The cause is local (a server's
   * exception stays in the server's log), as over the network.
   */
  static Status received(Status status) {
    return Status.fromCode(status.code()).withDescription(status.description());
  }

  /** User entries as a network transport sends them ({@link ReservedHeaders}: core's rule). */
  private static void copy(Metadata from, Metadata to) {
    if (from == null) {
      return;
    }
    for (Metadata.Entry e : from) {
      if (ReservedHeaders.isSendable(e.key())) {
        to.addFromWire(e.key(), e.textValue());
      }
    }
    for (String spelling : ReservedHeaders.sentSpellings(from).values()) {
      to.rememberOriginalKey(spelling);
    }
  }
}
