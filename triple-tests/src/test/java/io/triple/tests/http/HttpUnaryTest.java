package io.triple.tests.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.server.TripleServer;
import io.triple.tests.badinput.RawH2Client;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.LeakCheck;
import io.triple.tests.interop.TripleGreeterService;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Triple's plain-HTTP unary calls (the Triple spec's HTTP RPC sub-protocol): a bare JSON or
 * protobuf body over HTTP/1.1 (the JDK's HttpClient, as curl or a browser would send it) and
 * over HTTP/2, served by the same handlers as gRPC calls on the same port.
 */
@Timeout(60)
class HttpUnaryTest {
  static final int MAX_INBOUND = 4096;
  static final String SERVICE = GreeterDescriptors.SERVICE;

  TripleGreeterService service;
  TripleServer server;
  HttpClient http;

  @BeforeEach
  void start() {
    service = new TripleGreeterService();
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .maxInboundMessageSize(MAX_INBOUND)
        .addService(service.definition())
        .build().start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
    LeakCheck.collectAndReport();
  }

  private URI uri(String method) {
    return URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/" + method);
  }

  private HttpResponse<byte[]> post(String method, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(method))
        .header("content-type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> postJson(String method, String json, String... headers) throws Exception {
    return post(method, "application/json", json.getBytes(UTF_8), headers);
  }

  private static Struct json(byte[] body) throws Exception {
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().merge(new String(body, UTF_8), b);
    return b.build();
  }

  private static String field(Struct s, String name) {
    return s.getFieldsOrThrow(name).getStringValue();
  }

  /** Asserts the JSON error answer: HTTP status, gRPC code and the status headers. */
  private static Struct assertError(HttpResponse<byte[]> r, int httpStatus, String code, int grpcStatus)
      throws Exception {
    assertEquals(httpStatus, r.statusCode(), new String(r.body(), UTF_8));
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    assertEquals(String.valueOf(grpcStatus), r.headers().firstValue("grpc-status").orElse(null));
    Struct body = json(r.body());
    assertEquals(String.valueOf(httpStatus), field(body, "status"));
    assertEquals(code, field(body, "code"));
    return body;
  }

  // ---- HTTP/1.1 -------------------------------------------------------------------------------

  @Test
  void jsonOverHttp1() throws Exception {
    HttpResponse<byte[]> r = postJson("greet", "{\"name\":\"curl\"}");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    assertEquals("Hello curl", field(json(r.body()), "message"));
  }

  @Test
  void jsonArrayFormOfTheTripleSpec() throws Exception {
    HttpResponse<byte[]> r = postJson("greet", " [ {\"name\": \"array\"} ] ");
    assertEquals(200, r.statusCode());
    assertEquals("Hello array", field(json(r.body()), "message"));
  }

  @Test
  void protoOverHttp1() throws Exception {
    byte[] request = GreeterRequest.newBuilder().setName("bytes").build().toByteArray();
    HttpResponse<byte[]> r = post("greet", "application/proto", request);
    assertEquals(200, r.statusCode());
    assertEquals("application/proto", r.headers().firstValue("content-type").orElse(null));
    assertEquals("Hello bytes", GreeterReply.parseFrom(r.body()).getMessage());
  }

  @Test
  void metadataBothWays() throws Exception {
    byte[] bin = {7, 0, (byte) 0xfe};
    HttpRequest request = HttpRequest.newBuilder(uri("greet"))
        .header("content-type", "application/json")
        .header("x-multi", "a")
        .header("x-multi", "b")
        .header("x-data-bin", Base64.getEncoder().encodeToString(bin))
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"meta\"}"))
        .build();
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals("multi=a|b bin=" + Arrays.toString(bin), field(json(r.body()), "message"));
    assertEquals("h1", r.headers().firstValue("x-resp-header").orElse(null));
    assertEquals("t1", r.headers().firstValue("trailer-x-resp-trailer").orElse(null));
    assertEquals(Base64.getEncoder().withoutPadding().encodeToString(TripleGreeterService.BIN_TRAILER),
        r.headers().firstValue("trailer-x-trailer-bin").orElse("").replace("=", ""));
  }

  @Test
  void handlerStatusIsAnHttpStatusAndJsonError() throws Exception {
    Struct body = assertError(postJson("greet", "{\"name\":\"unicode\"}"), 400, "invalid_argument", 3);
    assertEquals(TripleGreeterService.UNICODE_MESSAGE, field(body, "message"));
    assertError(postJson("greet", "{\"name\":\"boom\"}"), 500, "unknown", 2);
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** content-encoding: gzip bodies (Connect's and Dubbo-js's clients with compression on). */
  @Test
  void gzipRequestBodies() throws Exception {
    HttpResponse<byte[]> r = post("greet", "application/json", gzip("{\"name\":\"zipped\"}".getBytes(UTF_8)),
        "content-encoding", "gzip");
    assertEquals(200, r.statusCode(), new String(r.body(), UTF_8));
    assertEquals("Hello zipped", field(json(r.body()), "message"));
    // A small body that inflates past the message size limit is refused, not inflated in full.
    byte[] bomb = gzip(("{\"name\":\"" + "a".repeat(1 << 20) + "\"}").getBytes(UTF_8));
    assertTrue(bomb.length < MAX_INBOUND, "bomb is " + bomb.length + " bytes");
    Struct error = assertError(post("greet", "application/json", bomb, "content-encoding", "gzip"),
        429, "resource_exhausted", 8);
    assertTrue(field(error, "message").contains("Decompressed request body larger than max"), error.toString());
    assertError(post("greet", "application/json", "{}".getBytes(UTF_8), "content-encoding", "br"),
        415, "unimplemented", 12);
  }

  /** A service that compresses answers gzips plain-HTTP ones for a client that accepts gzip. */
  @Test
  void gzipAnswersWhenTheServiceCompressesAndTheClientAccepts() throws Exception {
    TripleServer zipping = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(service.definition().withCompression("gzip"))
        .build().start();
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + zipping.port() + "/" + SERVICE + "/greet"))
          .header("content-type", "application/json").header("accept-encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"z\"}")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertEquals("gzip", r.headers().firstValue("content-encoding").orElse(null));
      try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
        assertEquals("Hello z", field(json(in.readAllBytes()), "message"));
      }
      r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + zipping.port() + "/" + SERVICE + "/greet"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"z\"}")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertTrue(r.headers().firstValue("content-encoding").isEmpty());
      assertEquals("Hello z", field(json(r.body()), "message"));
    } finally {
      zipping.shutdownNow();
      zipping.awaitTermination(Duration.ofSeconds(5));
    }
  }

  /** Plain-HTTP answers carry a date (RFC 9110 asks origin servers with a clock for one). */
  @Test
  void answersCarryADate() throws Exception {
    java.time.format.DateTimeFormatter rfc1123 = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
    HttpResponse<byte[]> r = postJson("greet", "{\"name\":\"d\"}");
    java.time.ZonedDateTime date = java.time.ZonedDateTime.parse(r.headers().firstValue("date").orElseThrow(), rfc1123);
    assertTrue(Math.abs(java.time.Duration.between(date.toInstant(), java.time.Instant.now()).toMinutes()) < 5, date.toString());
    r = postJson("nope", "{}"); // errors too
    assertTrue(r.headers().firstValue("date").isPresent());
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange e = client.send(h2("greet", "application/json"), "{}".getBytes(UTF_8)).await();
      java.time.ZonedDateTime.parse(e.headers.get(0).get("date").toString(), rfc1123);
    }
  }

  /** A rich error's details (google.rpc.Status in grpc-status-details-bin) as Connect lists them. */
  @Test
  void errorDetailsInTheJsonError() throws Exception {
    Struct body = assertError(postJson("greet", "{\"name\":\"details\"}"), 400, "invalid_argument", 3);
    Struct detail = body.getFieldsOrThrow("details").getListValue().getValues(0).getStructValue();
    assertEquals("google.rpc.BadRequest", field(detail, "type"));
    assertEquals(TripleGreeterService.DETAILS.getDetails(0).getValue(), com.google.protobuf.ByteString.copyFrom(
        Base64.getDecoder().decode(field(detail, "value"))));
  }

  /**
   * Dubbo-js's published Triple client (it sends tri-protocol-version) reads the gRPC code, as a
   * number, from the error body's "status" and nothing else; it gets that, the rest the HTTP status.
   */
  @Test
  void dubboJsClientsGetTheCodeAsNumericStatus() throws Exception {
    HttpResponse<byte[]> r = postJson("greet", "{\"name\":\"unicode\"}", "tri-protocol-version", "1.0.0");
    assertEquals(400, r.statusCode());
    Struct body = json(r.body());
    assertEquals(3.0, body.getFieldsOrThrow("status").getNumberValue());
    assertEquals("invalid_argument", field(body, "code"));
    assertEquals(TripleGreeterService.UNICODE_MESSAGE, field(body, "message"));
    // Refused before the call starts too (no such method).
    r = postJson("nope", "{}", "tri-protocol-version", "1.0.0");
    assertEquals(404, r.statusCode());
    assertEquals(12.0, json(r.body()).getFieldsOrThrow("status").getNumberValue());
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    Struct unknownField = assertError(postJson("greet", "{\"nam\":\"x\"}"), 400, "invalid_argument", 3);
    assertTrue(field(unknownField, "message").contains("nam"), field(unknownField, "message"));
    assertError(postJson("greet", "{not json"), 400, "invalid_argument", 3);
    assertError(post("greet", "application/proto", new byte[] {(byte) 0xff, 1}), 400, "invalid_argument", 3);
    assertError(postJson("nope", "{}"), 404, "unimplemented", 12);
    Struct streaming = assertError(postJson("greetStream", "{}"), 415, "unimplemented", 12);
    assertTrue(field(streaming, "message").contains("bidi-streaming"), field(streaming, "message"));
    Struct protoStream = assertError(post("greetServerStream", "application/proto", new byte[0]), 415, "unimplemented", 12);
    assertTrue(field(protoStream, "message").contains("server-sent events"), field(protoStream, "message"));
    assertError(post("greet", "text/plain", "x".getBytes(UTF_8)), 415, "internal", 13);
    assertError(postJson("greet", "{}", "tri-service-timeout", "soon"), 400, "invalid_argument", 3);
    HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(uri("greet")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertError(get, 405, "unimplemented", 12);
    // The connection pool still serves after all of that.
    assertEquals(200, postJson("greet", "{\"name\":\"ok\"}").statusCode());
  }

  private static final String THREE_EVENTS =
      "data:{\"message\":\"s-1\"}\n\ndata:{\"message\":\"s-2\"}\n\ndata:{\"message\":\"s-3\"}\n\n";

  @Test
  void serverStreamAsServerSentEventsOverHttp1() throws Exception {
    HttpResponse<byte[]> r = postJson("greetServerStream", "{\"name\":\"s\"}");
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(null));
    assertEquals(THREE_EVENTS, new String(r.body(), UTF_8));
    assertEquals(200, postJson("greet", "{\"name\":\"after\"}").statusCode()); // the connection goes on
  }

  @Test
  void corsIsOffByDefault() throws Exception {
    HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(uri("greet"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("origin", "https://app.example.com").header("access-control-request-method", "POST").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(405, preflight.statusCode());
    HttpResponse<byte[]> r = postJson("greet", "{\"name\":\"x\"}", "origin", "https://app.example.com");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("access-control-allow-origin").isEmpty(), r.headers().toString());
  }

  @Test
  void corsForConfiguredOrigins() throws Exception {
    TripleServer browserFacing = TripleServer.builder().host("127.0.0.1").port(0)
        .corsAllowedOrigins("https://app.example.com")
        .addService(new TripleGreeterService().definition())
        .build().start();
    String base = "http://127.0.0.1:" + browserFacing.port() + "/" + SERVICE + "/";
    try {
      HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "greet"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("origin", "https://app.example.com").header("access-control-request-method", "POST")
          .header("access-control-request-headers", "content-type, x-token").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(204, preflight.statusCode());
      assertEquals("https://app.example.com", preflight.headers().firstValue("access-control-allow-origin").orElse(null));
      assertEquals("POST", preflight.headers().firstValue("access-control-allow-methods").orElse(null));
      assertEquals("content-type, x-token", preflight.headers().firstValue("access-control-allow-headers").orElse(null));

      HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(base + "greet"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("origin", "https://evil.example.com").header("access-control-request-method", "POST").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(403, refused.statusCode());

      for (String name : new String[] {"cors", "unicode"}) { // an answer and an error: both readable by the page
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "greet"))
            .header("content-type", "application/json").header("origin", "https://app.example.com")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("https://app.example.com", r.headers().firstValue("access-control-allow-origin").orElse(null), name);
        assertEquals("*", r.headers().firstValue("access-control-expose-headers").orElse(null), name);
      }
      try (RawH2Client client = new RawH2Client(browserFacing.port())) { // the same over HTTP/2
        Http2Headers h = h2("greet", "application/json");
        h.set("origin", "https://app.example.com");
        RawH2Client.Exchange e = client.send(h, "{\"name\":\"h2\"}".getBytes(UTF_8)).await();
        assertEquals("200", e.status());
        assertEquals("https://app.example.com", String.valueOf(e.headers.get(0).get("access-control-allow-origin")));
        Http2Headers pre = new DefaultHttp2Headers().method("OPTIONS").scheme("http")
            .path("/" + SERVICE + "/greet").authority("127.0.0.1");
        pre.set("origin", "https://app.example.com");
        pre.set("access-control-request-method", "POST");
        assertEquals("204", client.send(pre, null).await().status());
      }
    } finally {
      browserFacing.shutdownNow();
      browserFacing.awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(MAX_INBOUND) + "\"}";
    assertEquals(413, postJson("greet", big).statusCode());
    assertEquals(200, postJson("greet", "{\"name\":\"small\"}").statusCode());
  }

  @Test
  void timeoutHeaderEndsTheCallAndCancelsTheHandler() throws Exception {
    Struct body = assertError(postJson("greet", "{\"name\":\"hang\"}", "tri-service-timeout", "200"),
        408, "deadline_exceeded", 4);
    assertTrue(field(body, "message").contains("Deadline"), field(body, "message"));
    assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS));
    // Dubbo-go's Triple clients name it triple-timeout-ms.
    assertError(postJson("greet", "{\"name\":\"sleep\"}", "triple-timeout-ms", "200"), 408, "deadline_exceeded", 4);
    assertTrue(service.sleepCancelled.await(10, TimeUnit.SECONDS));
  }

  @Test
  void clientClosingTheConnectionCancelsTheHandler() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(rawRequest("{\"name\":\"hang\"}", false));
      s.getOutputStream().flush();
      assertTrue(service.hangStarted.await(10, TimeUnit.SECONDS)); // the handler never answers
    }
    assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS));
  }

  @Test
  void gracefulShutdownAnswersTheCallInFlightThenCloses() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<GreeterReply> answer = new java.util.concurrent.CompletableFuture<>();
    TripleServer slow = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(io.triple.ServiceDefinition.builder(SERVICE)
            .addMethod(GreeterDescriptors.GREET, io.triple.stub.ServerCalls.unaryCall((GreeterRequest req) -> {
              entered.countDown();
              return answer;
            }))
            .build())
        .build().start();
    try (Socket s = new Socket("127.0.0.1", slow.port())) {
      byte[] body = "{\"name\":\"x\"}".getBytes(UTF_8);
      s.getOutputStream().write(("POST /" + SERVICE + "/greet HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(UTF_8));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      slow.shutdown(); // graceful: the call in flight is answered first
      answer.complete(GreeterReply.newBuilder().setMessage("late").build());
      String response = new String(s.getInputStream().readAllBytes(), UTF_8); // ends when the server closes
      assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
      assertTrue(response.endsWith("{\"message\":\"late\"}"), response);
      assertTrue(slow.awaitTermination(Duration.ofSeconds(10)));
    } finally {
      slow.shutdownNow();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.writeBytes(rawRequest("{\"name\":\"first\"}", false));
      both.writeBytes(rawRequest("{\"name\":\"second\"}", true));
      out.write(both.toByteArray());
      out.flush();
      String answers = new String(s.getInputStream().readAllBytes(), UTF_8); // closed after the second
      int first = answers.indexOf("Hello first");
      int second = answers.indexOf("Hello second");
      assertTrue(first > 0 && second > first, answers);
      assertEquals(2, answers.split("HTTP/1.1 200 OK", -1).length - 1, answers);
    }
  }

  private byte[] rawRequest(String json, boolean close) {
    byte[] body = json.getBytes(UTF_8);
    String head = "POST /" + SERVICE + "/greet HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + server.port() + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + (close ? "Connection: close\r\n" : "")
        + "\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  // ---- HTTP/2 ---------------------------------------------------------------------------------

  private static Http2Headers h2(String method, String contentType) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path("/" + SERVICE + "/" + method).authority("127.0.0.1");
    h.set("content-type", contentType);
    return h;
  }

  @Test
  void jsonAndProtoOverHttp2NextToGrpc() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange j = client.send(h2("greet", "application/json"), "{\"name\":\"h2\"}".getBytes(UTF_8)).await();
      assertEquals("200", j.status());
      assertEquals("application/json", j.last("content-type"));
      assertEquals("Hello h2", field(json(j.data.toByteArray()), "message"));

      byte[] request = GreeterRequest.newBuilder().setName("h2 bytes").build().toByteArray();
      RawH2Client.Exchange p = client.send(h2("greet", "application/proto"), request).await();
      assertEquals("200", p.status());
      assertEquals("Hello h2 bytes", GreeterReply.parseFrom(p.data.toByteArray()).getMessage());

      RawH2Client.Exchange e = client.send(h2("greet", "application/json"), "{\"name\":\"unicode\"}".getBytes(UTF_8)).await();
      assertEquals("400", e.status());
      assertEquals(TripleGreeterService.UNICODE_MESSAGE, field(json(e.data.toByteArray()), "message"));

      // A gRPC call on the same connection.
      Http2Headers grpc = h2("greet", "application/grpc");
      grpc.set("te", "trailers");
      RawH2Client.Exchange g = client.send(grpc, RawH2Client.frame(
          GreeterRequest.newBuilder().setName("grpc").build().toByteArray())).await();
      assertEquals("0", g.grpcStatus(), g.grpcMessage());
    }
  }

  @Test
  void serverStreamAsServerSentEventsOverHttp2() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange e = client.send(h2("greetServerStream", "application/json"), "{\"name\":\"s\"}".getBytes(UTF_8)).await();
      assertEquals("200", e.status());
      assertEquals("text/event-stream", String.valueOf(e.headers.get(0).get("content-type")));
      assertEquals(THREE_EVENTS, e.data.toString(UTF_8));
    }
  }

  /** gRPC framing with JSON messages ({@code application/grpc+json}), as the Triple spec lists it. */
  @Test
  void grpcJsonContentType() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      Http2Headers h = h2("greet", "application/grpc+json");
      h.set("te", "trailers");
      RawH2Client.Exchange ok = client.send(h, RawH2Client.frame("{\"name\":\"j\"}".getBytes(UTF_8))).await();
      assertEquals("0", ok.grpcStatus(), ok.grpcMessage());
      assertEquals("application/grpc+json", String.valueOf(ok.headers.get(0).get("content-type")));
      byte[] data = ok.data.toByteArray();
      assertEquals("{\"message\":\"Hello j\"}", new String(data, 5, data.length - 5, UTF_8));

      RawH2Client.Exchange bad = client.send(h, RawH2Client.frame("{\"nam\":1}".getBytes(UTF_8))).await();
      assertEquals("3", bad.grpcStatus(), bad.grpcMessage()); // INVALID_ARGUMENT, naming the field
      assertTrue(bad.grpcMessage().contains("nam"), bad.grpcMessage());

      // Server streaming too: each message its own JSON frame.
      RawH2Client.Exchange stream = client.send(h2withTe("greetServerStream", "application/grpc+json"),
          RawH2Client.frame("{\"name\":\"s\"}".getBytes(UTF_8))).await();
      assertEquals("0", stream.grpcStatus(), stream.grpcMessage());
      assertTrue(new String(stream.data.toByteArray(), UTF_8).contains("{\"message\":\"s-3\"}"));
    }
  }

  private static Http2Headers h2withTe(String method, String contentType) {
    Http2Headers h = h2(method, contentType);
    h.set("te", "trailers");
    return h;
  }

  @Test
  void bodyInOneByteFramesOverHttp2() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      byte[] body = ("{\"name\":\"" + "p".repeat(500) + "\"}").getBytes(UTF_8);
      RawH2Client.Exchange e = client.sendInPieces(h2("greet", "application/json"), body, 1).await();
      assertEquals("200", e.status());
      assertEquals("Hello " + "p".repeat(500), field(json(e.data.toByteArray()), "message"));
    }
  }

  @Test
  void oversizeBodyOverHttp2Is413AndTheConnectionLivesOn() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      byte[] big = ("{\"name\":\"" + "x".repeat(MAX_INBOUND) + "\"}").getBytes(UTF_8);
      RawH2Client.Exchange e = client.send(h2("greet", "application/json"), big).await();
      assertEquals("413", e.status());
      assertEquals("resource_exhausted", field(json(e.data.toByteArray()), "code"));
      RawH2Client.Exchange ok = client.send(h2("greet", "application/json"), "{}".getBytes(UTF_8)).await();
      assertEquals("200", ok.status());
      assertTrue(client.isOpen());
    }
  }

  @Test
  void streamResetCancelsTheHandler() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange e = client.send(h2("greet", "application/json"), "{\"name\":\"hang\"}".getBytes(UTF_8));
      assertTrue(service.hangStarted.await(10, TimeUnit.SECONDS));
      e.stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
      assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS));
    }
  }
}
