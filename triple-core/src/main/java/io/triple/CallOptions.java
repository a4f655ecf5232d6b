package io.triple;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Per-call settings a stub carries: deadline, extra request metadata, executor for callbacks.
 * Immutable; {@code with*} returns a copy.
 */
public final class CallOptions {
  public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, null);

  private final Deadline deadline;
  private final Duration timeout;
  private final Metadata metadata;
  private final Executor executor;
  private final String compression;

  private CallOptions(
      Deadline deadline, Duration timeout, Metadata metadata, Executor executor, String compression) {
    this.deadline = deadline;
    this.timeout = timeout;
    this.metadata = metadata;
    this.executor = executor;
    this.compression = compression;
  }

  /** A fixed deadline shared by every call made with these options. */
  public CallOptions withDeadline(Deadline deadline) {
    return new CallOptions(deadline, null, metadata, executor, compression);
  }

  /** A timeout applied afresh to each call made with these options. */
  public CallOptions withTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new CallOptions(null, timeout, metadata, executor, compression);
  }

  /** Adds request metadata (headers) sent with every call; appended to any already set. */
  public CallOptions withMetadata(Metadata extra) {
    Metadata merged = metadata == null ? new Metadata() : metadata.copy();
    merged.merge(extra);
    return new CallOptions(deadline, timeout, merged, executor, compression);
  }

  /** The executor response callbacks run on; by default the channel's. */
  public CallOptions withExecutor(Executor executor) {
    return new CallOptions(deadline, timeout, metadata, executor, compression);
  }

  /**
   * Compresses request messages with {@code encoding} ({@code "gzip"}, or {@code "identity"} /
   * null for none) and says so in {@code grpc-encoding}.
   */
  public CallOptions withCompression(String encoding) {
    if (encoding != null && !encoding.equals("gzip") && !encoding.equals("identity")) {
      throw new IllegalArgumentException("Unsupported compression '" + encoding + "' (supported: gzip, identity)");
    }
    String e = "identity".equals(encoding) ? null : encoding;
    return new CallOptions(deadline, timeout, metadata, executor, e);
  }

  /** The request compression ({@code "gzip"}) or null for none. */
  public String compression() {
    return compression;
  }

  /** The deadline for a call starting now: the fixed deadline or now + timeout; may be null. */
  public Deadline effectiveDeadline() {
    if (deadline != null) {
      return deadline;
    }
    return timeout == null ? null : Deadline.after(timeout);
  }

  public Deadline deadline() {
    return deadline;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Extra request metadata, or null. Callers must not modify it. */
  public Metadata metadata() {
    return metadata;
  }

  public Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return "CallOptions{deadline=" + deadline + ", timeout=" + timeout + ", metadata=" + metadata
        + ", compression=" + compression + "}";
  }
}
