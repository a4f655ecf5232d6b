package io.triple.tests.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.server.TripleServer;
import io.triple.tests.badinput.RawH2Client;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.LeakCheck;
import io.triple.tests.interop.TripleGreeterService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gRPC-Web calls without a proxy ({@code application/grpc-web+proto}): gRPC's envelopes, and the
 * status and trailers in a last envelope flagged 0x80 as an HTTP/1 header block, since browsers
 * cannot read HTTP trailers. Over HTTP/2 and over HTTP/1.1 (what a browser uses on cleartext);
 * {@code interop-peers/node/run.sh} runs Connect's and Dubbo-js's gRPC-Web clients too.
 */
@Timeout(60)
class GrpcWebTest {
  static final String SERVICE = GreeterDescriptors.SERVICE;
  static final String ORIGIN = "https://app.example.com";

  TripleGreeterService service;
  TripleServer server;
  RawH2Client client;

  @BeforeEach
  void start() throws Exception {
    service = new TripleGreeterService();
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .corsAllowedOrigins(ORIGIN)
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

  static Http2Headers grpcWeb(String method) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path("/" + SERVICE + "/" + method).authority("127.0.0.1");
    h.set("content-type", "application/grpc-web+proto");
    h.set("x-grpc-web", "1");
    return h;
  }

  /** The trailers envelope: last, flagged 0x80, an HTTP/1 header block. */
  static String trailerBlock(List<ConnectStreamingTest.Envelope> envelopes) {
    ConnectStreamingTest.Envelope last = envelopes.get(envelopes.size() - 1);
    assertEquals(0x80, last.flags(), "last envelope's flags");
    return last.text();
  }

  @Test
  void unaryOverHttp2WithTrailersInTheBody() throws Exception {
    Http2Headers h = grpcWeb("greet");
    h.set("origin", ORIGIN);
    RawH2Client.Exchange e = client.send(h, ConnectStreamingTest.proto("meta")).await();
    assertEquals("200", e.status());
    assertEquals(1, e.headers.size(), "no HTTP trailers");
    Http2Headers answer = e.headers.get(0);
    assertEquals("application/grpc-web+proto", answer.get("content-type").toString());
    assertEquals("h1", answer.get("x-resp-header").toString());
    assertEquals(ORIGIN, answer.get("access-control-allow-origin").toString());
    List<ConnectStreamingTest.Envelope> got = ConnectStreamingTest.envelopes(e.data.toByteArray());
    assertEquals(2, got.size());
    assertEquals("multi= bin=null", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    assertEquals("grpc-status: 0\r\nx-resp-trailer: t1\r\nx-trailer-bin: AAEC/4A\r\n", trailerBlock(got));
  }

  @Test
  void errorsAndServerStreamsOverHttp2() throws Exception {
    RawH2Client.Exchange e = client.send(grpcWeb("greet"), ConnectStreamingTest.proto("unicode")).await();
    String block = trailerBlock(ConnectStreamingTest.envelopes(e.data.toByteArray()));
    assertTrue(block.startsWith("grpc-status: 3\r\ngrpc-message: "), block);
    assertNull(e.headers.get(0).get("grpc-status"));

    e = client.send(grpcWeb("greetServerStream"), ConnectStreamingTest.proto("w")).await();
    List<ConnectStreamingTest.Envelope> got = ConnectStreamingTest.envelopes(e.data.toByteArray());
    assertEquals(4, got.size());
    assertEquals("w-3", GreeterReply.parseFrom(got.get(2).body()).getMessage());
    assertEquals("grpc-status: 0\r\n", trailerBlock(got));

    e = client.send(grpcWeb("nope"), ConnectStreamingTest.proto("x")).await();
    assertTrue(trailerBlock(ConnectStreamingTest.envelopes(e.data.toByteArray())).startsWith("grpc-status: 12\r\n"));
  }

  @Test
  void unaryAndErrorsOverHttp1() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greet"))
        .header("content-type", "application/grpc-web+proto")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ConnectStreamingTest.proto("h1"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals("application/grpc-web+proto", r.headers().firstValue("content-type").orElse(null));
    List<ConnectStreamingTest.Envelope> got = ConnectStreamingTest.envelopes(r.body());
    assertEquals("Hello h1", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    assertEquals("grpc-status: 0\r\n", trailerBlock(got));

    r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greetStream"))
        .header("content-type", "application/grpc-web+proto")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ConnectStreamingTest.proto("x"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    String block = trailerBlock(ConnectStreamingTest.envelopes(r.body()));
    assertTrue(block.startsWith("grpc-status: 12\r\n") && block.contains("use HTTP/2 for bidi streams"),
        block);
  }

  /** The text form (what the official grpc-web client sends by default): the same bytes in base64. */
  @Test
  void textFormOverHttp2AndHttp1() throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    Http2Headers h = grpcWeb("greetServerStream");
    h.set("content-type", "application/grpc-web-text");
    h.set("accept", "application/grpc-web-text");
    RawH2Client.Exchange e = client.send(h, b64.encode(ConnectStreamingTest.proto("t"))).await();
    assertEquals("200", e.status());
    assertEquals("application/grpc-web-text", e.headers.get(0).get("content-type").toString());
    // Each piece is base64 of its own (padded): decode piece by piece, as grpc-web clients do.
    List<ConnectStreamingTest.Envelope> got = ConnectStreamingTest.envelopes(decodePieces(e.data.toString(UTF_8)));
    assertEquals(4, got.size());
    assertEquals("t-1", GreeterReply.parseFrom(got.get(0).body()).getMessage());
    assertEquals("grpc-status: 0\r\n", trailerBlock(got));

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greet"))
        .header("content-type", "application/grpc-web-text")
        .POST(HttpRequest.BodyPublishers.ofByteArray(b64.encode(ConnectStreamingTest.proto("unicode")))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    got = ConnectStreamingTest.envelopes(decodePieces(r.body()));
    assertTrue(trailerBlock(got).startsWith("grpc-status: 3\r\n"), trailerBlock(got));

    // Not base64: a clear error in the trailers.
    r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/greet"))
        .header("content-type", "application/grpc-web-text")
        .POST(HttpRequest.BodyPublishers.ofString("not base64 at all!")).build(),
        HttpResponse.BodyHandlers.ofString());
    String block = trailerBlock(ConnectStreamingTest.envelopes(decodePieces(r.body())));
    assertTrue(block.startsWith("grpc-status: 3\r\n") && block.contains("body is not base64"), block);
  }

  private static byte[] decodePieces(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('=', start);
      end = end < 0 ? text.length() : end;
      while (end < text.length() && text.charAt(end) == '=') {
        end++;
      }
      out.writeBytes(java.util.Base64.getDecoder().decode(text.substring(start, end)));
      start = end;
    }
    return out.toByteArray();
  }
}
