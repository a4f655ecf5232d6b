package io.triple.netty.internal.wire;

import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;

/**
 * How a client reads the status of a gRPC response from its header frames, as gRPC's HTTP/2
 * protocol and its HTTP-to-gRPC status mapping say. Kept apart from the call so the rules can be
 * tested on headers alone.
 */
public final class ResponseStatus {
  private ResponseStatus() {}

  /**
   * The first HEADERS frame of a response: null if the call goes on (messages and trailers
   * follow), else the status it ends with (a trailers-only answer, or a response that is not
   * gRPC). {@code endStream}: the frame ended the stream.
   */
  public static Status ofHeaders(Http2Headers h, boolean endStream) {
    CharSequence statusSeq = h.status();
    int http = -1;
    try {
      http = statusSeq == null ? -1 : Integer.parseInt(statusSeq.toString());
    } catch (NumberFormatException ignored) {
      // not a number: mapped as an HTTP error below
    }
    if (http != 200) {
      // A grpc-status, when present, is the call's status whatever the HTTP status ("if
      // grpc-status was provided, it must be used": gRPC's HTTP-to-gRPC status mapping). Dubbo
      // Java's Triple server answers errors so, e.g. :status 500 with grpc-status 3; the HTTP
      // mapping is for responses from something that does not speak gRPC (a proxy, say).
      return h.contains(GrpcHeaders.GRPC_STATUS)
          ? GrpcHeaders.statusFromTrailers(h)
          : GrpcHeaders.statusFromHttp(http);
    }
    CharSequence contentType = h.get(GrpcHeaders.CONTENT_TYPE);
    if (!GrpcHeaders.isGrpcContentType(contentType)) {
      return Status.INTERNAL.withDescription("Invalid content-type '" + contentType + "' in response");
    }
    return endStream ? GrpcHeaders.statusFromTrailers(h) : null; // trailers-only, or go on
  }

  /** The trailers of a response; trailers that do not end the stream are a protocol error. */
  public static Status ofTrailers(Http2Headers h, boolean endStream) {
    return endStream
        ? GrpcHeaders.statusFromTrailers(h)
        : Status.INTERNAL.withDescription("Received trailers without END_STREAM");
  }
}
