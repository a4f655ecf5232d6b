package io.triple.cli;

import io.triple.Metadata;
import io.triple.Status;

/** A call (or a reflection request) that ended with a status other than OK: exit 64 + code. */
final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Status status;
  private final transient Metadata trailers;

  RpcException(Status status, Metadata trailers) {
    super(status.code() + (status.description() == null ? "" : ": " + status.description()));
    this.status = status;
    this.trailers = trailers == null ? new Metadata() : trailers;
  }

  Status status() {
    return status;
  }

  Metadata trailers() {
    return trailers;
  }
}
