package io.triple.netty.internal.wire;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.GrpcMessageEncoding;
import io.triple.internal.ReservedHeaders;
import java.util.Map;

/** Header names and conversions between {@link Metadata} and HTTP/2 headers. */
public final class GrpcHeaders {
  public static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
  public static final AsciiString APPLICATION_GRPC = AsciiString.cached("application/grpc");
  public static final AsciiString TE = AsciiString.cached("te");
  public static final AsciiString TRAILERS = AsciiString.cached("trailers");
  public static final AsciiString USER_AGENT = AsciiString.cached("user-agent");
  public static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
  static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");
  public static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");
  public static final AsciiString GRPC_ENCODING = AsciiString.cached("grpc-encoding");
  public static final AsciiString GRPC_ACCEPT_ENCODING = AsciiString.cached("grpc-accept-encoding");
  public static final AsciiString ACCEPTED_ENCODINGS = AsciiString.cached("gzip,identity");
  public static final AsciiString GZIP = AsciiString.cached("gzip");
  public static final AsciiString TRI_SERVICE_VERSION = AsciiString.cached("tri-service-version");
  public static final AsciiString TRI_SERVICE_GROUP = AsciiString.cached("tri-service-group");
  public static final AsciiString POST = AsciiString.cached("POST");
  public static final AsciiString HTTP = AsciiString.cached("http");
  public static final AsciiString HTTPS = AsciiString.cached("https");
  public static final AsciiString STATUS_200 = AsciiString.cached("200");

  private static final Status[] STATUS_BY_CODE = new Status[17];

  static {
    for (Status.Code c : Status.Code.values()) {
      STATUS_BY_CODE[c.value()] = Status.fromCode(c);
    }
  }

  private GrpcHeaders() {}

  /**
   * Whether user metadata under {@code key} goes on the wire: not a pseudo header, nor one the
   * transport owns ({@link ReservedHeaders}, core's list, which the in-process transport uses too).
   */
  public static boolean isSendable(String key) {
    return ReservedHeaders.isSendable(key);
  }

  /**
   * Copies user metadata into {@code headers}, skipping reserved and pseudo headers, with
   * Dubbo's {@code tri-header-convert} naming the original spelling of keys given with capitals.
   */
  public static void addMetadata(Http2Headers headers, Metadata md) {
    if (md == null) {
      return;
    }
    for (Metadata.Entry e : md) {
      String k = e.key();
      if (!isSendable(k)) {
        continue;
      }
      headers.add(k, e.textValue());
    }
    HeaderConvert.addTo(headers, md);
  }

  /**
   * Metadata from received headers: everything but pseudo-headers. Binary values that do not
   * decode as base64 are dropped (reported by returning false via {@code onBad}).
   */
  public static Metadata toMetadata(Http2Headers headers) {
    Metadata md = new Metadata();
    String convert = null;
    for (Map.Entry<CharSequence, CharSequence> h : headers) {
      CharSequence name = h.getKey();
      if (name.length() > 0 && name.charAt(0) == ':') {
        continue;
      }
      if (AsciiString.contentEquals(name, HeaderConvert.NAME)) {
        convert = h.getValue().toString(); // not metadata: it tells the keys' spelling
        continue;
      }
      md.addFromWire(name.toString(), h.getValue().toString());
    }
    if (convert != null) {
      HeaderConvert.apply(convert, md);
    }
    return md;
  }

  /** Adds grpc-status and grpc-message for {@code status}. */
  public static void addStatus(Http2Headers headers, Status status) {
    headers.set(GRPC_STATUS, AsciiString.of(Integer.toString(status.code().value())));
    if (status.description() != null) {
      headers.set(GRPC_MESSAGE, GrpcMessageEncoding.encode(status.description()));
    }
  }

  /** The status in received trailers; a missing or bad grpc-status is INTERNAL/UNKNOWN. */
  public static Status statusFromTrailers(Http2Headers trailers) {
    CharSequence code = trailers.get(GRPC_STATUS);
    if (code == null) {
      return Status.INTERNAL.withDescription("Response ended without grpc-status");
    }
    Status status;
    try {
      int v = Integer.parseInt(code.toString());
      status = v >= 0 && v < STATUS_BY_CODE.length ? STATUS_BY_CODE[v] : Status.fromCodeValue(v);
    } catch (NumberFormatException e) {
      return Status.UNKNOWN.withDescription("Malformed grpc-status '" + code + "'");
    }
    CharSequence msg = trailers.get(GRPC_MESSAGE);
    return msg == null ? status : status.withDescription(GrpcMessageEncoding.decode(msg.toString()));
  }

  /**
   * The status for a response that is not gRPC (wrong HTTP status), as the gRPC spec maps them.
   */
  public static Status statusFromHttp(int httpStatus) {
    Status s =
        switch (httpStatus) {
          case 400, 431 -> Status.INTERNAL;
          case 401 -> Status.UNAUTHENTICATED;
          case 403 -> Status.PERMISSION_DENIED;
          case 404 -> Status.UNIMPLEMENTED;
          case 429, 502, 503, 504 -> Status.UNAVAILABLE;
          default -> Status.UNKNOWN;
        };
    return s.withDescription("HTTP status code " + httpStatus);
  }

  /** True if {@code contentType} is {@code application/grpc} or {@code application/grpc+...}. */
  public static boolean isGrpcContentType(CharSequence contentType) {
    // Allocation-free (it runs for every request): Netty hands headers over as AsciiStrings.
    int n = APPLICATION_GRPC.length();
    if (contentType == null || contentType.length() < n
        || !AsciiString.regionMatches(contentType, true, 0, APPLICATION_GRPC, 0, n)) {
      return false;
    }
    if (contentType.length() == n) {
      return true;
    }
    char next = contentType.charAt(n);
    return next == '+' || next == ';';
  }

  public static Http2Headers responseHeaders() {
    return new DefaultHttp2Headers(false)
        .status(STATUS_200)
        .set(CONTENT_TYPE, APPLICATION_GRPC)
        .set(GRPC_ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
  }
}
