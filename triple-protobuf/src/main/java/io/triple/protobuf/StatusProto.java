package io.triple.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;

/**
 * Rich error details: a {@code google.rpc.Status} (code, message and any number of detail
 * messages such as {@code BadRequest} or {@code RetryInfo}) carried in the
 * {@code grpc-status-details-bin} trailer, the way grpc-java's {@code io.grpc.protobuf.StatusProto}
 * and other gRPC implementations carry it, so details round-trip between them.
 *
 * <pre>{@code
 * // server
 * throw StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
 *     .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("name is empty")
 *     .addDetails(Any.pack(BadRequest.newBuilder()...build())).build());
 * // client
 * com.google.rpc.Status details = StatusProto.fromThrowable(e);
 * }</pre>
 */
public final class StatusProto {
  /** The trailer that carries the serialized {@code google.rpc.Status}. */
  public static final String DETAILS_KEY = "grpc-status-details-bin";

  private StatusProto() {}

  /** An exception whose status and trailers carry {@code details}. */
  public static StatusException toStatusException(com.google.rpc.Status details) {
    return toStatusException(details, new Metadata());
  }

  /** As {@link #toStatusException(com.google.rpc.Status)}, adding to {@code trailers}. */
  public static StatusException toStatusException(com.google.rpc.Status details, Metadata trailers) {
    Status.Code code = codeOf(details.getCode());
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("google.rpc.Status for an error must not have code OK");
    }
    Metadata t = trailers.copy();
    t.remove(DETAILS_KEY);
    t.addBinary(DETAILS_KEY, details.toByteArray());
    return new StatusException(Status.fromCode(code).withDescription(details.getMessage()), t);
  }

  /**
   * The details of the first {@link StatusException} in {@code t}'s cause chain, or null if it
   * has none. Throws {@link IllegalArgumentException} if the trailer is there but unreadable.
   */
  public static com.google.rpc.Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return fromTrailers(se.getTrailers());
      }
    }
    return null;
  }

  /** The details in {@code trailers}, or null if there are none. */
  public static com.google.rpc.Status fromTrailers(Metadata trailers) {
    if (trailers == null) {
      return null;
    }
    byte[] bytes = trailers.getBinary(DETAILS_KEY);
    if (bytes == null) {
      return null;
    }
    try {
      return com.google.rpc.Status.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Unreadable " + DETAILS_KEY + " trailer: " + e.getMessage(), e);
    }
  }

  private static Status.Code codeOf(int value) {
    for (Status.Code c : Status.Code.values()) {
      if (c.value() == value) {
        return c;
      }
    }
    return Status.Code.UNKNOWN;
  }
}
