package io.triple.netty.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.triple.netty.internal.TestService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Triple's calls over HTTP/1.1 on the server's own pipeline (the initializer's sniffer sees
 * an HTTP/1.1 request line and adds {@code HttpServerCodec}, {@code HttpObjectAggregator} and
 * {@link Http1ServerHandler}), with requests written as the bytes a client sends and answers
 * decoded by Netty's HTTP/1.1 response decoder. Plain JSON calls, and Connect and gRPC-Web calls,
 * which run the same {@code FramedCall} as on HTTP/2 and take their bodies chunk by chunk.
 */
class Http1ServerHandlerTest {
  private static final int MAX_MESSAGE = 1024;
  private final TestService service = new TestService();
  private final EmbeddedChannel server = service.serverConnection(TestService.transport(10_000), MAX_MESSAGE);
  private final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
  private final List<FullHttpResponse> answers = new ArrayList<>();
  private String rawAnswer; // the bytes of the last answer, as the server wrote them

  @AfterEach
  void close() {
    answers.forEach(FullHttpResponse::release);
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void jsonUnaryCallIsAnswered200WithJson() {
    FullHttpResponse answer = exchange(post("/test.Echo/Unary", "application/json", "\"world\""));

    assertEquals(200, answer.status().code());
    assertEquals("application/json", answer.headers().get("content-type"));
    assertEquals("\"hello world\"", body(answer));
    assertEquals("h", answer.headers().get("x-answer"), "response metadata as headers");
    assertEquals(List.of("message world", "halfClose", "complete"), service.events);
    assertTrue(server.isOpen(), "keep-alive");
  }

  @Test
  void unknownMethodIs404WithJsonError() {
    FullHttpResponse answer = exchange(post("/test.Echo/Nope", "application/json", "\"x\""));

    assertEquals(404, answer.status().code());
    assertEquals("application/json", answer.headers().get("content-type"));
    assertEquals("12", answer.headers().get("grpc-status"));
    assertEquals("{\"status\":\"404\",\"code\":\"unimplemented\",\"message\":\"Method not found: test.Echo/Nope\"}",
        body(answer));
    assertTrue(server.isOpen());
  }

  @Test
  void getIs405() {
    FullHttpResponse answer = exchange("GET /test.Echo/Unary HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertEquals(405, answer.status().code());
    assertEquals("{\"status\":\"405\",\"code\":\"unimplemented\",\"message\":\"Method 'GET' is not supported:"
        + " Triple calls are POST /package.Service/Method\"}", body(answer));
    assertEquals(List.of(), service.events);
  }

  @Test
  void bodyOverTheMessageLimitIs413() {
    String big = "\"" + "x".repeat(MAX_MESSAGE) + "\"";

    FullHttpResponse answer = exchange(post("/test.Echo/Unary", "application/json", big));

    assertEquals(413, answer.status().code());
    assertEquals(List.of(), service.events, "the handler never sees it");
  }

  @Test
  void requestsOnOneConnectionAreAnsweredInTurn() {
    assertEquals(200, exchange(post("/test.Echo/Unary", "application/json", "\"a\"")).status().code());
    FullHttpResponse second = exchange(post("/test.Echo/Unary", "application/json", "\"b\""));
    assertEquals("\"hello b\"", body(second));
  }

  // ---- Connect and gRPC-Web: the same FramedCall as on HTTP/2, the body deframed as it comes ----

  @Test
  void connectServerStreamWithItsBodyInChunksEndsWithTheEndOfStreamEnvelope() {
    byte[] envelope = envelope(0, "\"abc\"");
    server.writeInbound(ascii(chunkedPost("/test.Echo/Count", "application/connect+json")));
    // The request's one message in three chunks, split inside the prefix and inside the JSON.
    server.writeInbound(chunk(envelope, 0, 3));
    server.writeInbound(chunk(envelope, 3, 7));
    server.runPendingTasks();
    assertEquals(List.of(), service.events, "no message before its last byte");
    server.writeInbound(chunk(envelope, 7, envelope.length));
    server.writeInbound(ascii("0\r\n\r\n"));

    FullHttpResponse answer = answer();

    assertEquals(List.of("message abc", "halfClose", "complete"), service.events);
    assertEquals(200, answer.status().code());
    assertEquals("application/connect+json", answer.headers().get("content-type"));
    assertTrue(rawAnswer.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"),
        "the answer streamed, not gathered: " + rawAnswer);
    ByteBuf body = answer.content();
    assertEquals("0 \"abc-1\"", nextEnvelope(body));
    assertEquals("0 \"abc-2\"", nextEnvelope(body));
    assertEquals("2 {\"metadata\":{\"x-trailer\":[\"t\"]}}", nextEnvelope(body), "trailers in the last envelope");
    assertEquals(0, body.readableBytes());
    assertTrue(server.isOpen(), "keep-alive");
  }

  @Test
  void grpcWebUnaryAnswersItsTrailersInTheBody() {
    byte[] envelope = envelope(0, "world");
    server.writeInbound(ascii(chunkedPost("/test.Echo/Unary", "application/grpc-web+proto")));
    server.writeInbound(chunk(envelope, 0, 2));
    server.writeInbound(chunk(envelope, 2, envelope.length));
    server.writeInbound(ascii("0\r\n\r\n"));

    FullHttpResponse answer = answer();

    assertEquals(200, answer.status().code());
    assertEquals("application/grpc-web+proto", answer.headers().get("content-type"));
    assertEquals("h", answer.headers().get("x-answer"), "response metadata as headers");
    assertNull(answer.trailingHeaders().get("grpc-status"), "no HTTP trailers: browsers cannot read them");
    ByteBuf body = answer.content();
    assertEquals("0 hello world", nextEnvelope(body));
    assertEquals("128 grpc-status: 0\r\nx-trailer: t\r\n", nextEnvelope(body));
    assertEquals(List.of("message world", "halfClose", "complete"), service.events);
  }

  @Test
  void connectClientStreamTakesMessagesAsTheyArrive() {
    byte[] two = concat(envelope(0, "\"a\""), envelope(0, "\"b\""));
    server.writeInbound(ascii(chunkedPost("/test.Echo/Join", "application/connect+json")));
    server.writeInbound(chunk(two, 0, 9)); // the first message and part of the second
    server.runPendingTasks();
    assertEquals(List.of("message a"), service.events, "the first message before the body ends");
    server.writeInbound(chunk(two, 9, two.length));
    server.writeInbound(chunk(envelope(0, "\"c\""), 0, 8));
    server.writeInbound(ascii("0\r\n\r\n"));

    ByteBuf body = answer().content();

    assertEquals("0 \"a+b+c\"", nextEnvelope(body));
    assertEquals("2 {}", nextEnvelope(body));
    assertEquals(List.of("message a", "message b", "message c", "halfClose", "complete"), service.events);
  }

  /**
   * HTTP/1.1 has no window: a body the handler does not take stops the connection's reading
   * once the call holds more than HTTP/2's default stream window, and reading resumes when the
   * handler takes the messages.
   */
  @Test
  void aBodyTheHandlerDoesNotTakeStopsReadingAtTheWindow() {
    server.writeInbound(ascii(chunkedPost("/test.Echo/Stall", "application/connect+json")));
    byte[] message = envelope(0, "\"" + "x".repeat(1000) + "\"");
    int sent = 0;
    while (sent <= 1 << 20) {
      assertTrue(server.config().isAutoRead(), "reading before the window is full (" + sent + " bytes)");
      server.writeInbound(chunk(message, 0, message.length));
      sent += message.length;
    }
    server.runPendingTasks();
    assertFalse(server.config().isAutoRead(), "reading stops with more than 1 MiB held");

    service.hanging.get(0).request(Integer.MAX_VALUE);
    server.runPendingTasks();

    assertTrue(server.config().isAutoRead(), "reading resumes once the handler takes the messages");
    assertEquals(sent / message.length, service.events.size(), "every message delivered");
  }

  @Test
  void bidiOverHttp1IsRefusedInTheEndOfStream() {
    byte[] envelope = envelope(0, "\"x\"");
    FullHttpResponse answer = exchange("POST /test.Echo/Hang HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/connect+json\r\nContent-Length: " + envelope.length + "\r\n\r\n"
        + new String(envelope, StandardCharsets.ISO_8859_1));

    assertEquals(200, answer.status().code());
    String end = nextEnvelope(answer.content());
    assertTrue(end.startsWith("2 {\"error\":{\"code\":\"unimplemented\""), end);
    assertTrue(end.contains("use HTTP/2 for bidi streams"), end);
    assertEquals(List.of(), service.events);
    assertTrue(server.isOpen());
  }

  private static String chunkedPost(String path, String contentType) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
        + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /** Bytes {@code from} to {@code to} of {@code b} as one HTTP/1.1 chunk. */
  private static ByteBuf chunk(byte[] b, int from, int to) {
    ByteBuf out = Unpooled.buffer();
    out.writeCharSequence(Integer.toHexString(to - from) + "\r\n", StandardCharsets.US_ASCII);
    out.writeBytes(b, from, to - from);
    out.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
    return out;
  }

  private static byte[] envelope(int flags, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[5 + p.length];
    Unpooled.wrappedBuffer(out).setByte(0, flags).setInt(1, p.length);
    System.arraycopy(p, 0, out, 5, p.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The next envelope of {@code body}: its flags, a space, its payload as text. */
  private static String nextEnvelope(ByteBuf body) {
    int flags = body.readUnsignedByte();
    int length = body.readInt();
    return flags + " " + body.readCharSequence(length, StandardCharsets.UTF_8);
  }

  /** The one answer to what was written so far (released after the test). */
  private FullHttpResponse answer() {
    server.runPendingTasks();
    StringBuilder raw = new StringBuilder();
    ByteBuf out;
    while ((out = server.readOutbound()) != null) {
      raw.append(out.toString(StandardCharsets.ISO_8859_1));
      client.writeInbound(out);
    }
    rawAnswer = raw.toString();
    FullHttpResponse answer = client.readInbound();
    assertNotNull(answer, "no answer");
    assertNull(client.readInbound(), "one answer");
    answers.add(answer);
    return answer;
  }

  private static String post(String path, String contentType, String body) {
    return "POST " + path + " HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
        + "\r\n"
        + body;
  }

  /** Sends {@code request}'s bytes and returns the one answer they got (released after the test). */
  private FullHttpResponse exchange(String request) {
    server.writeInbound(request.chars().allMatch(c -> c < 0x80)
        ? Unpooled.copiedBuffer(request, StandardCharsets.UTF_8) : ascii(request));
    return answer();
  }

  private static String body(FullHttpResponse answer) {
    return answer.content().toString(StandardCharsets.UTF_8);
  }
}
