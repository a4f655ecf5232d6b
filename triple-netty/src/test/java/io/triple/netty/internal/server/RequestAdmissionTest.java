package io.triple.netty.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.TestService;
import io.triple.netty.internal.wire.Dialect;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admission rules on headers alone: no channel, no call. */
class RequestAdmissionTest {
  final MethodRegistry registry = new TestService().registry();

  RequestAdmission.Verdict admit(Http2Headers h) {
    return RequestAdmission.of(h, registry, CorsPolicy.NONE);
  }

  @Test
  void aGrpcCallIsAdmittedWithWhatItAsked() {
    Http2Headers h = TestService.grpcRequest("Unary").set("grpc-encoding", "gzip")
        .set("grpc-accept-encoding", "gzip,identity").set("grpc-timeout", "3S");
    RequestAdmission.Admitted<?, ?> a = assertInstanceOf(RequestAdmission.Admitted.class, admit(h));
    assertSame(TestService.UNARY, a.definition().method());
    assertEquals(Dialect.GRPC, a.dialect());
    assertEquals("gzip", a.encoding());
    assertTrue(a.clientAcceptsGzip());
    assertNotNull(a.deadline());
  }

  @Test
  void onlyPostIsAnHttpRefusal() {
    RequestAdmission.HttpRefusal r = assertInstanceOf(RequestAdmission.HttpRefusal.class,
        admit(TestService.grpcRequest("Unary").method("GET")));
    assertEquals(405, r.httpStatus());
  }

  @Test
  void anUnknownContentTypeIsAnHttpRefusal() {
    RequestAdmission.HttpRefusal r = assertInstanceOf(RequestAdmission.HttpRefusal.class,
        admit(TestService.grpcRequest("Unary").set("content-type", "text/plain")));
    assertEquals(415, r.httpStatus());
    assertTrue(r.status().description().contains("'text/plain'"), r.status().description());
  }

  @Test
  void bareJsonIsAPlainHttpCall() {
    assertInstanceOf(RequestAdmission.PlainHttp.class,
        admit(TestService.grpcRequest("Unary").set("content-type", "application/json")));
  }

  @Test
  void optionsIsAPreflightOnlyWithCors() {
    Http2Headers h = TestService.grpcRequest("Unary").method("OPTIONS");
    assertInstanceOf(RequestAdmission.Preflight.class,
        RequestAdmission.of(h, registry, new CorsPolicy(List.of("*"))));
    assertInstanceOf(RequestAdmission.HttpRefusal.class, admit(h));
  }

  @Test
  void refusalsOnceTheDialectIsKnownCarryIt() {
    RequestAdmission.Refusal unknown = assertInstanceOf(RequestAdmission.Refusal.class,
        admit(TestService.grpcRequest("Nope")));
    assertEquals(Status.Code.UNIMPLEMENTED, unknown.status().code());
    assertEquals(Dialect.GRPC, unknown.dialect());

    RequestAdmission.Refusal encoding = assertInstanceOf(RequestAdmission.Refusal.class,
        admit(TestService.grpcRequest("Unary").set("grpc-encoding", "br")));
    assertEquals(Status.Code.UNIMPLEMENTED, encoding.status().code());
    assertEquals("Unsupported grpc-encoding 'br' (accepted: gzip, identity)", encoding.status().description());

    RequestAdmission.Refusal timeout = assertInstanceOf(RequestAdmission.Refusal.class,
        admit(TestService.grpcRequest("Unary").set("content-type", "application/connect+proto")
            .set("connect-timeout-ms", "never")));
    assertEquals(Status.Code.INVALID_ARGUMENT, timeout.status().code());
    assertTrue(timeout.dialect().isConnect());
  }

  @Test
  void jsonForAMethodWithoutAJsonFormIsRefused() {
    Marshaller<String> binaryOnly = new Marshaller<>() {
      @Override
      public void serialize(String value, OutputStream out) {}

      @Override
      public String parse(InputStream in) {
        return "";
      }
    };
    MethodRegistry binary = new MethodRegistry(List.of(ServiceDefinition.builder("test.Bin")
        .addMethod(MethodDescriptor.of("test.Bin", "Call", MethodType.UNARY, binaryOnly, binaryOnly),
            (call, headers) -> null)
        .build()));
    Http2Headers h = TestService.grpcRequest("Call").path("/test.Bin/Call").set("content-type", "application/grpc+json");
    RequestAdmission.Refusal r = assertInstanceOf(RequestAdmission.Refusal.class,
        RequestAdmission.of(h, binary, CorsPolicy.NONE));
    assertEquals(Status.Code.UNIMPLEMENTED, r.status().code());
    assertTrue(r.status().description().contains("has no JSON form"), r.status().description());
    assertInstanceOf(RequestAdmission.Admitted.class, RequestAdmission.of(
        h.set("content-type", "application/grpc"), binary, CorsPolicy.NONE));
  }

  @Test
  void noTimeoutNoDeadline() {
    RequestAdmission.Admitted<?, ?> a = assertInstanceOf(RequestAdmission.Admitted.class,
        admit(TestService.grpcRequest("Unary")));
    assertNull(a.deadline());
    assertNull(a.encoding());
  }
}
