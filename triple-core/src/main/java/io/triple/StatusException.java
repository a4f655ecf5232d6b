package io.triple;

/**
 * An unchecked exception carrying a {@link Status} and, optionally, the trailers that came with
 * it. Thrown by blocking client calls when a call fails, and thrown (or passed to
 * {@code onError}) by service implementations to fail a call with a specific status.
 */
public class StatusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final transient Metadata trailers;

  public StatusException(Status status) {
    this(status, null);
  }

  public StatusException(Status status, Metadata trailers) {
    super(message(status), status.cause());
    this.status = status;
    this.trailers = trailers;
  }

  private static String message(Status status) {
    return status.description() == null
        ? status.code().name()
        : status.code() + ": " + status.description();
  }

  public Status getStatus() {
    return status;
  }

  /** The trailers received with the status (client side), or given to send (server side). */
  public Metadata getTrailers() {
    return trailers;
  }
}
