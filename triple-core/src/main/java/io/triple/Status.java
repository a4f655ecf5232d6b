package io.triple;

import java.util.Objects;

/**
 * The outcome of a call: a gRPC status code, an optional human-readable description and an
 * optional local cause. The cause is never sent over the wire; the description is, as
 * {@code grpc-message}.
 *
 * <p>Instances are immutable; the {@code with*} methods return copies.
 */
public final class Status {

  /** The 17 canonical gRPC status codes, with their wire values. */
  public enum Code {
    OK(0),
    CANCELLED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private static final Code[] BY_VALUE = values();
    private final int value;

    Code(int value) {
      this.value = value;
    }

    /** The numeric value sent as {@code grpc-status}. */
    public int value() {
      return value;
    }

    /** The code for a wire value, or {@code null} if the value is not a known code. */
    public static Code forValue(int value) {
      return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
  }

  private static final Status[] CANONICAL = new Status[Code.values().length];

  static {
    for (Code c : Code.values()) {
      CANONICAL[c.value()] = new Status(c, null, null);
    }
  }

  public static final Status OK = CANONICAL[0];
  public static final Status CANCELLED = CANONICAL[1];
  public static final Status UNKNOWN = CANONICAL[2];
  public static final Status INVALID_ARGUMENT = CANONICAL[3];
  public static final Status DEADLINE_EXCEEDED = CANONICAL[4];
  public static final Status NOT_FOUND = CANONICAL[5];
  public static final Status ALREADY_EXISTS = CANONICAL[6];
  public static final Status PERMISSION_DENIED = CANONICAL[7];
  public static final Status RESOURCE_EXHAUSTED = CANONICAL[8];
  public static final Status FAILED_PRECONDITION = CANONICAL[9];
  public static final Status ABORTED = CANONICAL[10];
  public static final Status OUT_OF_RANGE = CANONICAL[11];
  public static final Status UNIMPLEMENTED = CANONICAL[12];
  public static final Status INTERNAL = CANONICAL[13];
  public static final Status UNAVAILABLE = CANONICAL[14];
  public static final Status DATA_LOSS = CANONICAL[15];
  public static final Status UNAUTHENTICATED = CANONICAL[16];

  private final Code code;
  private final String description;
  private final Throwable cause;

  private Status(Code code, String description, Throwable cause) {
    this.code = Objects.requireNonNull(code, "code");
    this.description = description;
    this.cause = cause;
  }

  /** The canonical status (no description) for a code. */
  public static Status fromCode(Code code) {
    return CANONICAL[code.value()];
  }

  /**
   * The status for a wire value. Values outside 0..16 map to UNKNOWN with a description that
   * names the value, as the gRPC spec asks.
   */
  public static Status fromCodeValue(int value) {
    Code c = Code.forValue(value);
    if (c == null) {
      return UNKNOWN.withDescription("Unknown grpc-status code " + value);
    }
    return CANONICAL[value];
  }

  /**
   * The status carried by a throwable: a {@link StatusException} anywhere in its cause chain
   * gives its status; anything else is UNKNOWN with the throwable as cause.
   */
  public static Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se.getStatus();
      }
    }
    return UNKNOWN.withCause(t);
  }

  public Code code() {
    return code;
  }

  /** The description sent as {@code grpc-message}; may be {@code null}. */
  public String description() {
    return description;
  }

  /** The local cause, never transmitted; may be {@code null}. */
  public Throwable cause() {
    return cause;
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  public Status withDescription(String description) {
    return Objects.equals(this.description, description)
        ? this
        : new Status(code, description, cause);
  }

  /** Appends to the existing description, separated by a newline, as grpc-java does. */
  public Status augmentDescription(String more) {
    if (more == null) {
      return this;
    }
    return withDescription(description == null ? more : description + "\n" + more);
  }

  public Status withCause(Throwable cause) {
    return this.cause == cause ? this : new Status(code, description, cause);
  }

  public StatusException asException() {
    return new StatusException(this, null);
  }

  public StatusException asException(Metadata trailers) {
    return new StatusException(this, trailers);
  }

  @Override
  public boolean equals(Object o) {
    // Statuses are values of (code, description); the cause is local debugging context only.
    return o instanceof Status s && s.code == code && Objects.equals(s.description, description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, description);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Status{code=").append(code);
    if (description != null) {
      sb.append(", description=").append(description);
    }
    if (cause != null) {
      sb.append(", cause=").append(cause);
    }
    return sb.append('}').toString();
  }
}
