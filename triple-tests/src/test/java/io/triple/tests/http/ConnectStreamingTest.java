package io.triple.tests.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.server.TripleServer;
import io.triple.tests.badinput.RawH2Client;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.LeakCheck;
import io.triple.tests.interop.TripleGreeterService;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streaming calls in the Connect protocol's form, as Dubbo-js and Connect clients send them
 * ({@code application/connect+proto} / {@code +json}): enveloped messages both ways and the
 * status in a last end-of-stream envelope of JSON instead of HTTP trailers. Checked byte by byte
 * against the protocol from a raw HTTP/2 client; {@code interop-peers/node/run.sh} runs Connect's
 * own Node client against the interop service.
 */
@Timeout(60)
class ConnectStreamingTest {
  static final String SERVICE = GreeterDescriptors.SERVICE;

  TripleGreeterService service;
  TripleServer server;
  RawH2Client client;

  @BeforeEach
  void start() throws Exception {
    service = new TripleGreeterService();
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(service.definition())
        .build().start();
    client = new RawH2Client(server.port());
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
    LeakCheck.collectAndReport();
  }

  /** One envelope of the response: its flags and body. */
  record Envelope(int flags, byte[] body) {
    String text() {
      return new String(body, UTF_8);
    }
  }

  static List<Envelope> envelopes(byte[] data) {
    List<Envelope> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.hasRemaining()) {
      int flags = b.get() & 0xff;
      byte[] body = new byte[b.getInt()];
      b.get(body);
      out.add(new Envelope(flags, body));
    }
    return out;
  }

  static Http2Headers connect(String method, String contentType) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path("/" + SERVICE + "/" + method).authority("127.0.0.1");
    h.set("content-type", contentType);
    h.set("connect-protocol-version", "1");
    return h;
  }

  static byte[] proto(String... names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : names) {
      out.writeBytes(RawH2Client.frame(GreeterRequest.newBuilder().setName(n).build().toByteArray()));
    }
    return out.toByteArray();
  }

  static Struct json(String text) throws Exception {
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().merge(text, b);
    return b.build();
  }

  /** The end-of-stream envelope: last, flagged 0x02, JSON. */
  static Struct endOfStream(List<Envelope> envelopes) throws Exception {
    Envelope last = envelopes.get(envelopes.size() - 1);
    assertEquals(2, last.flags(), "last envelope's flags");
    return json(last.text());
  }

  static void assertAnswerHeaders(RawH2Client.Exchange e, String contentType) {
    assertEquals("200", e.status());
    assertEquals(contentType, e.headers.get(0).get("content-type").toString());
    assertEquals(1, e.headers.size(), "no trailers: the status is in the body");
    assertNull(e.headers.get(0).get("grpc-status"));
  }

  @Test
  void serverStreamInProto() throws Exception {
    RawH2Client.Exchange e = client.send(connect("greetServerStream", "application/connect+proto"), proto("s")).await();
    assertAnswerHeaders(e, "application/connect+proto");
    List<Envelope> got = envelopes(e.data.toByteArray());
    assertEquals(4, got.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, got.get(i).flags());
      assertEquals("s-" + (i + 1), GreeterReply.parseFrom(got.get(i).body()).getMessage());
    }
    assertEquals("{}", got.get(3).text());
  }

  @Test
  void bidiInJson() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(RawH2Client.frame("{\"name\":\"a\"}".getBytes(UTF_8)));
    body.writeBytes(RawH2Client.frame("{\"name\":\"b\"}".getBytes(UTF_8)));
    RawH2Client.Exchange e = client.send(connect("greetStream", "application/connect+json"), body.toByteArray()).await();
    assertAnswerHeaders(e, "application/connect+json");
    List<Envelope> got = envelopes(e.data.toByteArray());
    assertEquals(3, got.size());
    assertEquals("echo a", json(got.get(0).text()).getFieldsOrThrow("message").getStringValue());
    assertEquals("echo b", json(got.get(1).text()).getFieldsOrThrow("message").getStringValue());
    assertEquals(Struct.getDefaultInstance(), endOfStream(got));
  }

  @Test
  void clientStreamWithGzippedMessages() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String n : new String[] {"x", "y"}) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write(GreeterRequest.newBuilder().setName(n).build().toByteArray());
      }
      byte[] z = zipped.toByteArray();
      body.write(1);
      body.writeBytes(ByteBuffer.allocate(4).putInt(z.length).array());
      body.writeBytes(z);
    }
    Http2Headers h = connect("greetClientStream", "application/connect+proto");
    h.set("connect-content-encoding", "gzip");
    RawH2Client.Exchange e = client.send(h, body.toByteArray()).await();
    assertAnswerHeaders(e, "application/connect+proto");
    List<Envelope> got = envelopes(e.data.toByteArray());
    assertEquals(2, got.size());
    assertEquals("x,y", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    assertEquals("{}", got.get(1).text());
  }

  /** A service that compresses answers gzips them for a client that accepts gzip, and says so. */
  @Test
  void gzipAnswersWhenTheClientAcceptsThem() throws Exception {
    TripleServer zipping = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(service.definition().withCompression("gzip"))
        .build().start();
    try (RawH2Client c = new RawH2Client(zipping.port())) {
      Http2Headers h = connect("greetServerStream", "application/connect+proto");
      h.set("connect-accept-encoding", "gzip");
      RawH2Client.Exchange e = c.send(h, proto("z")).await();
      assertEquals("gzip", e.headers.get(0).get("connect-content-encoding").toString());
      List<Envelope> got = envelopes(e.data.toByteArray());
      assertEquals(4, got.size());
      assertEquals(1, got.get(0).flags(), "compressed");
      try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
          new java.io.ByteArrayInputStream(got.get(0).body()))) {
        assertEquals("z-1", GreeterReply.parseFrom(in.readAllBytes()).getMessage());
      }
      assertEquals(2, got.get(3).flags()); // the end of stream is never compressed

      // Without connect-accept-encoding: plain.
      e = c.send(connect("greetServerStream", "application/connect+proto"), proto("z")).await();
      assertNull(e.headers.get(0).get("connect-content-encoding"));
      assertEquals(0, envelopes(e.data.toByteArray()).get(0).flags());
    } finally {
      zipping.shutdownNow();
      zipping.awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Test
  void metadataBothWaysAndTrailersInTheEndOfStream() throws Exception {
    Http2Headers h = connect("greet", "application/connect+proto");
    h.add("x-multi", "1");
    h.add("x-multi", "2");
    h.set("x-data-bin", Base64.getEncoder().encodeToString(new byte[] {9, 8}));
    RawH2Client.Exchange e = client.send(h, proto("meta")).await();
    assertAnswerHeaders(e, "application/connect+proto");
    assertEquals("h1", e.headers.get(0).get("x-resp-header").toString());
    List<Envelope> got = envelopes(e.data.toByteArray());
    assertEquals("multi=1|2 bin=[9, 8]", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    Struct eos = endOfStream(got);
    assertFalse(eos.containsFields("error"), eos.toString());
    Struct md = eos.getFieldsOrThrow("metadata").getStructValue();
    assertEquals("t1", md.getFieldsOrThrow("x-resp-trailer").getListValue().getValues(0).getStringValue());
    ListValue bin = md.getFieldsOrThrow("x-trailer-bin").getListValue();
    assertArrayEquals(TripleGreeterService.BIN_TRAILER,
        Base64.getDecoder().decode(bin.getValues(0).getStringValue()));
  }

  @Test
  void errorInTheEndOfStream() throws Exception {
    RawH2Client.Exchange e = client.send(connect("greet", "application/connect+proto"), proto("unicode")).await();
    assertAnswerHeaders(e, "application/connect+proto");
    List<Envelope> got = envelopes(e.data.toByteArray());
    assertEquals(1, got.size());
    Struct error = endOfStream(got).getFieldsOrThrow("error").getStructValue();
    assertEquals("invalid_argument", error.getFieldsOrThrow("code").getStringValue());
    assertEquals(3.0, error.getFieldsOrThrow("status").getNumberValue()); // what Dubbo-js reads
    assertEquals(TripleGreeterService.UNICODE_MESSAGE, error.getFieldsOrThrow("message").getStringValue());
  }

  /** A rich error (google.rpc.Status in grpc-status-details-bin) as Connect's details list. */
  @Test
  void errorDetailsInTheEndOfStream() throws Exception {
    RawH2Client.Exchange e = client.send(connect("greet", "application/connect+proto"), proto("details")).await();
    Struct eos = endOfStream(envelopes(e.data.toByteArray()));
    Struct error = eos.getFieldsOrThrow("error").getStructValue();
    assertEquals("invalid_argument", error.getFieldsOrThrow("code").getStringValue());
    assertEquals("name is invalid", error.getFieldsOrThrow("message").getStringValue());
    Struct detail = error.getFieldsOrThrow("details").getListValue().getValues(0).getStructValue();
    assertEquals("google.rpc.BadRequest", detail.getFieldsOrThrow("type").getStringValue());
    assertEquals(TripleGreeterService.DETAILS.getDetails(0).getValue(), com.google.protobuf.ByteString.copyFrom(
        Base64.getDecoder().decode(detail.getFieldsOrThrow("value").getStringValue())));
    // Carried as the details, not again as metadata.
    assertFalse(eos.containsFields("metadata"), eos.toString());
  }

  @Test
  void refusedCallsAnswerWithAnEndOfStreamError() throws Exception {
    RawH2Client.Exchange e = client.send(connect("nope", "application/connect+proto"), proto("x")).await();
    assertAnswerHeaders(e, "application/connect+proto");
    Struct error = endOfStream(envelopes(e.data.toByteArray())).getFieldsOrThrow("error").getStructValue();
    assertEquals("unimplemented", error.getFieldsOrThrow("code").getStringValue());

    Http2Headers h = connect("greetStream", "application/connect+json");
    h.set("connect-content-encoding", "br");
    e = client.send(h, proto("x")).await();
    assertAnswerHeaders(e, "application/connect+json");
    error = endOfStream(envelopes(e.data.toByteArray())).getFieldsOrThrow("error").getStructValue();
    assertEquals("unimplemented", error.getFieldsOrThrow("code").getStringValue());
    assertTrue(error.getFieldsOrThrow("message").getStringValue().contains("connect-content-encoding 'br'"),
        error.toString());

    h = connect("greetStream", "application/connect+proto");
    h.set("connect-timeout-ms", "soon");
    e = client.send(h, proto("x")).await();
    error = endOfStream(envelopes(e.data.toByteArray())).getFieldsOrThrow("error").getStructValue();
    assertEquals("invalid_argument", error.getFieldsOrThrow("code").getStringValue());
    assertTrue(error.getFieldsOrThrow("message").getStringValue().contains("connect-timeout-ms"), error.toString());

    // Neither gRPC nor Connect nor a plain-HTTP body: 415 names what is accepted.
    e = client.send(connect("greetStream", "application/connect+xml"), proto("x")).await();
    assertEquals("415", e.status());
  }

  @Test
  void timeoutCancelsTheHandler() throws Exception {
    Http2Headers h = connect("greet", "application/connect+proto");
    h.set("connect-timeout-ms", "200");
    RawH2Client.Exchange e = client.send(h, proto("hang"));
    assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS), "the handler was not cancelled");
    e.await();
  }

  // ---- HTTP/1.1: server-streaming calls -------------------------------------------------------

  private java.net.http.HttpResponse<byte[]> postHttp1(int port, String method, String contentType, byte[] body)
      throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    return http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/" + SERVICE + "/" + method))
        .header("content-type", contentType)
        .header("connect-protocol-version", "1")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void serverStreamOverHttp1() throws Exception {
    java.net.http.HttpResponse<byte[]> r = postHttp1(server.port(), "greetServerStream",
        "application/connect+json", RawH2Client.frame("{\"name\":\"h1\"}".getBytes(UTF_8)));
    assertEquals(200, r.statusCode());
    assertEquals("application/connect+json", r.headers().firstValue("content-type").orElse(null));
    List<Envelope> got = envelopes(r.body());
    assertEquals(4, got.size());
    assertEquals("{\"message\":\"h1-3\"}", got.get(2).text().replaceAll("\\s", ""));
    assertEquals("{}", got.get(3).text());

    // Bidi streams need HTTP/2; the answer says so, where Connect clients read it.
    r = postHttp1(server.port(), "greetStream", "application/connect+proto", proto("x"));
    assertEquals(200, r.statusCode());
    Struct error = endOfStream(envelopes(r.body())).getFieldsOrThrow("error").getStructValue();
    assertEquals("unimplemented", error.getFieldsOrThrow("code").getStringValue());
    assertTrue(error.getFieldsOrThrow("message").getStringValue().contains("use HTTP/2 for bidi streams"),
        error.toString());
    // So does a method that does not exist.
    r = postHttp1(server.port(), "nope", "application/connect+proto", proto("x"));
    error = endOfStream(envelopes(r.body())).getFieldsOrThrow("error").getStructValue();
    assertEquals("unimplemented", error.getFieldsOrThrow("code").getStringValue());
  }

  /**
   * A client stream over HTTP/1.1 (served since Connect and gRPC-Web run the same call on both
   * HTTP versions): the body goes out chunked, in pieces that cut the envelopes anywhere, and
   * its messages are taken as they come.
   */
  @Test
  void clientStreamOverHttp1WithTheBodyInPieces() throws Exception {
    byte[] body = proto("p", "q", "r");
    List<java.nio.ByteBuffer> pieces = new java.util.ArrayList<>();
    for (int i = 0; i < body.length; i += 3) {
      pieces.add(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(body, i, Math.min(i + 3, body.length))));
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    java.net.http.HttpResponse<byte[]> r = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greetClientStream"))
        .header("content-type", "application/connect+proto")
        .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(publisher(pieces))) // no length: chunked
        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals("chunked", r.headers().firstValue("transfer-encoding").orElse(null), "answered as a stream");
    List<Envelope> got = envelopes(r.body());
    assertEquals(2, got.size());
    assertEquals("p,q,r", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    assertEquals("{}", got.get(1).text());
  }

  /** Publishes {@code pieces} one by one, then completes. */
  private static java.util.concurrent.SubmissionPublisher<java.nio.ByteBuffer> publisher(List<java.nio.ByteBuffer> pieces) {
    return new java.util.concurrent.SubmissionPublisher<>() {
      @Override
      public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> s) {
        super.subscribe(s);
        pieces.forEach(this::submit);
        close();
      }
    };
  }

  /**
   * Over HTTP/1.1 there is no stream to reset: a deadline ends the answer with
   * {@code deadline_exceeded} in its end-of-stream envelope, and the handler is cancelled. Also a
   * unary method called with Connect's streaming content type (served over HTTP/1.1 now) that
   * fails before any message.
   */
  @Test
  void deadlineAndErrorBeforeAnyMessageOverHttp1() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    java.net.http.HttpResponse<byte[]> r = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greet"))
        .header("content-type", "application/connect+proto")
        .header("connect-timeout-ms", "200")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(proto("hang"))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(service.hangCancelled.await(10, TimeUnit.SECONDS), "the handler was not cancelled");
    assertEquals(200, r.statusCode());
    List<Envelope> got = envelopes(r.body());
    assertEquals(1, got.size());
    assertEquals("deadline_exceeded",
        endOfStream(got).getFieldsOrThrow("error").getStructValue().getFieldsOrThrow("code").getStringValue());

    r = postHttp1(server.port(), "greet", "application/connect+proto", proto("unicode"));
    assertEquals(200, r.statusCode());
    got = envelopes(r.body());
    assertEquals(1, got.size());
    Struct error = endOfStream(got).getFieldsOrThrow("error").getStructValue();
    assertEquals(TripleGreeterService.UNICODE_MESSAGE, error.getFieldsOrThrow("message").getStringValue());
  }

  @Test
  void serverStreamFailingMidwayOverHttp1() throws Exception {
    TripleServer failing = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(TripleGreeterService.failingServerStream())
        .build().start();
    try {
      java.net.http.HttpResponse<byte[]> r = postHttp1(failing.port(), "greetServerStream",
          "application/connect+proto", proto("x"));
      assertEquals(200, r.statusCode());
      List<Envelope> got = envelopes(r.body());
      assertEquals(2, got.size());
      assertEquals("one", GreeterReply.parseFrom(got.get(0).body()).getMessage());
      assertEquals("{\"error\":{\"code\":\"failed_precondition\",\"status\":9,\"message\":\"no more\"},"
          + "\"metadata\":{\"x-why\":[\"ran out\"]}}", got.get(1).text());
      assertEquals(2, got.get(1).flags());
    } finally {
      failing.shutdownNow();
      failing.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
