package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;
import org.junit.jupiter.api.Test;

class ResponseStatusTest {
  static Http2Headers response(String status, String contentType) {
    Http2Headers h = new DefaultHttp2Headers().status(status);
    if (contentType != null) {
      h.set("content-type", contentType);
    }
    return h;
  }

  @Test
  void grpcHeadersLetTheCallGoOn() {
    assertNull(ResponseStatus.ofHeaders(response("200", "application/grpc"), false));
    assertNull(ResponseStatus.ofHeaders(response("200", "application/grpc+proto"), false));
  }

  @Test
  void trailersOnlyEndsWithItsStatus() {
    Http2Headers h = response("200", "application/grpc").set("grpc-status", "5").set("grpc-message", "gone");
    Status s = ResponseStatus.ofHeaders(h, true);
    assertEquals(Status.Code.NOT_FOUND, s.code());
    assertEquals("gone", s.description());
  }

  @Test
  void grpcStatusWinsOverAnHttpError() {
    // Dubbo Java's Triple server answers errors with :status 500 and a grpc-status.
    Status s = ResponseStatus.ofHeaders(response("500", "application/grpc").set("grpc-status", "3"), true);
    assertEquals(Status.Code.INVALID_ARGUMENT, s.code());
  }

  @Test
  void httpErrorsWithoutGrpcStatusAreMapped() {
    assertEquals(Status.Code.UNAUTHENTICATED, ResponseStatus.ofHeaders(response("401", "text/html"), false).code());
    assertEquals(Status.Code.PERMISSION_DENIED, ResponseStatus.ofHeaders(response("403", "text/html"), false).code());
    assertEquals(Status.Code.UNIMPLEMENTED, ResponseStatus.ofHeaders(response("404", "text/html"), false).code());
    assertEquals(Status.Code.UNAVAILABLE, ResponseStatus.ofHeaders(response("503", "text/html"), false).code());
    assertEquals(Status.Code.UNKNOWN, ResponseStatus.ofHeaders(response("418", null), false).code());
    assertEquals(Status.Code.UNKNOWN, ResponseStatus.ofHeaders(new DefaultHttp2Headers(), false).code(), "no :status");
  }

  @Test
  void aNonGrpcContentTypeIsInternal() {
    Status s = ResponseStatus.ofHeaders(response("200", "text/html"), false);
    assertEquals(Status.Code.INTERNAL, s.code());
    assertEquals("Invalid content-type 'text/html' in response", s.description());
  }

  @Test
  void trailers() {
    assertEquals(Status.Code.OK, ResponseStatus.ofTrailers(new DefaultHttp2Headers().set("grpc-status", "0"), true).code());
    Status s = ResponseStatus.ofTrailers(new DefaultHttp2Headers().set("grpc-status", "0"), false);
    assertEquals(Status.Code.INTERNAL, s.code());
    assertEquals("Received trailers without END_STREAM", s.description());
  }
}
