package io.triple.netty.internal.server;

import io.netty.handler.codec.http2.EmptyHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Deadline;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.ServerMethodDefinition;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.JsonMessages;
import io.triple.netty.internal.wire.RequestTimeout;

/**
 * The checks that accept or refuse an HTTP/2 request from its headers, before a call exists:
 * the method, the content type (which dialect), the service and method, the message encoding,
 * the timeout and, for JSON dialects, the method's JSON form. A verdict, not an answer: the
 * stream writes it (so the rules can be tested on headers alone, without a channel). HTTP/1.1
 * requests in a framed dialect (Connect, gRPC-Web) go through {@link #framed} too.
 */
public final class RequestAdmission {
  private RequestAdmission() {}

  /** What to do with a request. */
  public sealed interface Verdict {}

  /** A browser's CORS preflight ({@code OPTIONS} with CORS on). */
  public record Preflight() implements Verdict {}

  /** Refused before a dialect is known: an HTTP error (405, 415). */
  public record HttpRefusal(int httpStatus, Status status) implements Verdict {}

  /** Triple's plain-HTTP unary call (a bare JSON or protobuf body): routed by its own rules. */
  public record PlainHttp(Dialect dialect) implements Verdict {}

  /** Refused, answered as the dialect answers errors, with the CORS headers for its origin. */
  public record Refusal(Status status, Dialect dialect, Http2Headers cors) implements Verdict {}

  /** Accepted: the call to start. */
  public record Admitted<ReqT, RespT>(
      MethodRegistry.Target target,
      ServerMethodDefinition<ReqT, RespT> definition,
      Marshaller<ReqT> requestMarshaller,
      Marshaller<RespT> responseMarshaller,
      Dialect dialect,
      Http2Headers cors,
      String encoding,
      Deadline deadline,
      boolean clientAcceptsGzip) implements Verdict {}

  private static final Preflight PREFLIGHT = new Preflight();

  static Verdict of(Http2Headers h, MethodRegistry registry, CorsPolicy corsPolicy) {
    CharSequence method = h.method();
    if (corsPolicy.enabled() && method != null && "OPTIONS".contentEquals(method)) {
      return PREFLIGHT;
    }
    if (method == null || !GrpcHeaders.POST.contentEquals(method)) {
      return new HttpRefusal(405, Status.INTERNAL.withDescription(
          "Method '" + method + "' is not supported; gRPC requires POST"));
    }
    CharSequence contentType = h.get(GrpcHeaders.CONTENT_TYPE);
    Dialect dialect = Dialect.framed(contentType);
    if (dialect == null) {
      Dialect plain = Dialect.plain(contentType);
      if (plain != null) {
        return new PlainHttp(plain);
      }
      return new HttpRefusal(415, Status.INTERNAL.withDescription("Content-Type '" + contentType
          + "' is not supported; expected application/grpc, application/grpc-web+proto or"
          + " application/connect+proto (or application/json or application/proto for unary calls)"));
    }
    return framed(h, dialect, registry, corsPolicy, dialect.isConnect());
  }

  /**
   * The verdict on a request in the framed {@code dialect}: {@link Refusal} or {@link Admitted}.
   * {@code millisecondTimeouts}: the millisecond timeout headers count (Connect's, Dubbo's), not
   * only {@code grpc-timeout}; HTTP/1.1 has always read them for gRPC-Web too.
   */
  public static Verdict framed(Http2Headers h, Dialect dialect, MethodRegistry registry,
      CorsPolicy corsPolicy, boolean millisecondTimeouts) {
    // Connect and gRPC-Web calls can come from browser pages on other origins.
    Http2Headers cors = dialect.statusInBody()
        ? corsPolicy.responseHeaders(h.get("origin")) : EmptyHttp2Headers.INSTANCE;
    CharSequence pathSeq = h.path();
    MethodRegistry.Target target;
    try {
      target = registry.lookup(pathSeq == null ? "" : pathSeq.toString(),
          headerString(h, GrpcHeaders.TRI_SERVICE_VERSION), headerString(h, GrpcHeaders.TRI_SERVICE_GROUP));
    } catch (MethodRegistry.NotFound e) {
      return new Refusal(e.status(), dialect, cors);
    }
    CharSequence encodingHeader = dialect.encodingHeader();
    String enc = headerString(h, encodingHeader);
    if (enc != null && !enc.equals("identity") && !enc.equals("gzip")) {
      return new Refusal(Status.UNIMPLEMENTED.withDescription(
          "Unsupported " + encodingHeader + " '" + enc + "' (accepted: gzip, identity)"), dialect, cors);
    }
    Deadline deadline;
    try {
      // Connect counts milliseconds (in its own or Triple's header); gRPC and gRPC-Web grpc-timeout.
      deadline = RequestTimeout.of(h, millisecondTimeouts);
    } catch (RequestTimeout.Invalid e) {
      return new Refusal(e.status(), dialect, cors);
    }
    CharSequence accept = h.get(dialect.acceptEncodingHeader());
    boolean clientAcceptsGzip = accept != null && accept.toString().contains("gzip");
    return admitted(target, target.method(), dialect, cors, enc, deadline, clientAcceptsGzip);
  }

  /** Admitted, or refused if the request is JSON and the method has no JSON form. */
  private static <ReqT, RespT> Verdict admitted(MethodRegistry.Target target,
      ServerMethodDefinition<ReqT, RespT> def, Dialect dialect, Http2Headers cors, String enc, Deadline deadline,
      boolean clientAcceptsGzip) {
    MethodDescriptor<ReqT, RespT> m = def.method();
    boolean json = dialect.json();
    Marshaller<ReqT> in = json ? JsonMessages.of(m.requestMarshaller()) : m.requestMarshaller();
    Marshaller<RespT> out = json ? JsonMessages.of(m.responseMarshaller()) : m.responseMarshaller();
    if (in == null || out == null) {
      return new Refusal(Status.UNIMPLEMENTED.withDescription("Method " + m.fullMethodName()
          + " has no JSON form (its marshallers are not JsonMarshallers); use " + dialect.binaryContentType()),
          dialect, cors);
    }
    return new Admitted<>(target, def, in, out, dialect, cors, enc, deadline, clientAcceptsGzip);
  }

  private static String headerString(Http2Headers h, CharSequence name) {
    CharSequence v = h.get(name);
    return v == null ? null : v.toString();
  }
}
