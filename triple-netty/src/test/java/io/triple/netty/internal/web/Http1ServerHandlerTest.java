package io.triple.netty.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Triple's unary calls over HTTP/1.1 on the server's own pipeline (the initializer's sniffer sees
 * an HTTP/1.1 request line and adds {@code HttpServerCodec}, {@code HttpObjectAggregator} and
 * {@link Http1ServerHandler}), with requests written as the bytes a client sends and answers
 * decoded by Netty's HTTP/1.1 response decoder.
 */
class Http1ServerHandlerTest {
  private static final int MAX_MESSAGE = 1024;
  private final TestService service = new TestService();
  private final EmbeddedChannel server = service.serverConnection(TestService.transport(10_000), MAX_MESSAGE);
  private final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
  private final List<FullHttpResponse> answers = new ArrayList<>();

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
    server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    server.runPendingTasks();
    ByteBuf out;
    while ((out = server.readOutbound()) != null) {
      client.writeInbound(out);
    }
    FullHttpResponse answer = client.readInbound();
    assertNotNull(answer, "no answer");
    assertNull(client.readInbound(), "one answer");
    answers.add(answer);
    return answer;
  }

  private static String body(FullHttpResponse answer) {
    return answer.content().toString(StandardCharsets.UTF_8);
  }
}
