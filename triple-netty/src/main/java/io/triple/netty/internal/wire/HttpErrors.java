package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.JsonText;
import io.triple.netty.internal.wire.StatusDetails;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Error answers of Triple's plain-HTTP unary calls: an HTTP status mapped from the gRPC code and
 * a JSON body, as the Triple spec asks ({@code content-type: application/json}): Dubbo Java's
 * {@code status} and {@code message} fields, and {@code code}, which Dubbo-go's Triple clients
 * (and Connect's) read. {@code grpc-status} and {@code grpc-message} headers carry the
 * exact status as well.
 */
public final class HttpErrors {
  private HttpErrors() {}

  /**
   * The HTTP status for a gRPC code: the Triple spec's error table (timeouts 408, unknown
   * service 404, bad request 400, server failures 500), and for the codes it does not name the
   * mapping Dubbo-go's Triple implementation uses (its clients map the status back when a body
   * has no code).
   */
  public static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND, UNIMPLEMENTED -> 404;
      case DEADLINE_EXCEEDED, CANCELLED -> 408;
      case ALREADY_EXISTS, ABORTED -> 409;
      case FAILED_PRECONDITION -> 412;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  /**
   * Apache Dubbo Java 3.3's HTTP status for a gRPC code ({@code TriRpcStatus.grpcCodeToHttpStatus}),
   * which it answers server-sent events' failures with: differs from {@link #httpStatus} for
   * {@code CANCELLED} (499), {@code DEADLINE_EXCEEDED} (504), {@code FAILED_PRECONDITION} (400)
   * and {@code UNIMPLEMENTED} (501).
   */
  public static int dubboHttpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case UNKNOWN, DATA_LOSS, INTERNAL -> 500;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case UNAUTHENTICATED -> 401;
    };
  }

  /**
   * The data of a server-sent events answer's error event, as Dubbo Java 3.3.6 writes it (its
   * {@code ErrorResponse} through its JSON encoder, the message its {@code StatusRpcException}'s):
   * {@code {"message":"FAILED_PRECONDITION : no more","status":"400"}}, the code alone when there
   * is no description, the status from {@link #dubboHttpStatus}.
   */
  public static ByteBuf sseError(ByteBufAllocator alloc, Status status) {
    StringBuilder json = new StringBuilder(96).append("{\"message\":");
    String code = status.code().name();
    JsonText.appendString(json, status.description() == null ? code : code + " : " + status.description());
    json.append(",\"status\":\"").append(dubboHttpStatus(status.code())).append("\"}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    return alloc.buffer(bytes.length).writeBytes(bytes);
  }

  /** Response headers of an error answer ({@code :status} {@code httpStatus}). */
  public static Http2Headers headers(int httpStatus, Status status) {
    Http2Headers h = new DefaultHttp2Headers(false).status(Integer.toString(httpStatus));
    h.set(GrpcHeaders.CONTENT_TYPE, "application/json");
    GrpcHeaders.addStatus(h, status);
    return h;
  }

  /**
   * The code as Connect and Dubbo-go's Triple spell it in JSON: the gRPC name in lower case,
   * except {@code canceled} (one l).
   */
  static String codeName(Status.Code code) {
    return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
  }

  private static final io.netty.util.AsciiString TRI_PROTOCOL_VERSION =
      io.netty.util.AsciiString.cached("tri-protocol-version");

  /**
   * Whether the error body's {@code status} is to be the gRPC code as a number: for Dubbo-js's
   * Triple clients (which send {@code tri-protocol-version}), whose published version reads the
   * code from there ({@code {"status":3,"message":"..."}}) and nothing else. Everyone else gets
   * Dubbo Java's form, the HTTP status as a string.
   */
  public static boolean numericStatus(Http2Headers request) {
    return request != null && request.contains(TRI_PROTOCOL_VERSION);
  }

  /**
   * {@code {"status":"404","code":"unimplemented","message":"..."}}, or with {@code
   * numericStatus} {@code {"status":12,...}}.
   */
  public static ByteBuf body(ByteBufAllocator alloc, int httpStatus, Status status, boolean numericStatus) {
    return body(alloc, httpStatus, status, numericStatus, null);
  }

  /** As above, with the rich error details in {@code trailers} (if any) as Connect's {@code details}. */
  public static ByteBuf body(ByteBufAllocator alloc, int httpStatus, Status status, boolean numericStatus,
      io.triple.Metadata trailers) {
    StringBuilder json = new StringBuilder(96).append("{\"status\":");
    if (numericStatus) {
      json.append(status.code().value());
    } else {
      json.append('"').append(httpStatus).append('"');
    }
    json.append(",\"code\":\"").append(codeName(status.code())).append('"');
    if (status.description() != null) {
      json.append(",\"message\":");
      JsonText.appendString(json, status.description());
    }
    StatusDetails.appendJson(json, StatusDetails.of(trailers));
    byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    return alloc.buffer(bytes.length).writeBytes(bytes);
  }
}
