package io.triple.tests.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.stub.ServerCalls;
import io.triple.tests.badinput.RawH2Client;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.TripleGreeterService;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server stream's failure over plain HTTP, byte for byte as a curl user sees it: as Apache
 * Dubbo Java 3.3.6 answers (its Http1SseServerChannelObserver), a last event
 * {@code data:{"message":"<CODE> : <text>","status":"<http>"}} with the HTTP status from
 * Dubbo's gRPC-to-HTTP table (TriRpcStatus.grpcCodeToHttpStatus); before the first event that
 * status is the answer's.
 */
@Timeout(30)
class ServerSentEventErrorsTest {
  static final String SERVICE = GreeterDescriptors.SERVICE;

  private TripleServer server;

  /** greetServerStream: named "late" fails after one event, else at once, with the name's code. */
  static ServiceDefinition failing() {
    return ServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GreeterDescriptors.GREET_SERVER_STREAM, ServerCalls.serverStreamingCall(
            (GreeterRequest req, StreamObserver<GreeterReply> out) -> {
              ServerContext.current().responseTrailers().put("x-why", "ran out");
              if (req.getName().equals("late")) {
                out.onNext(GreeterReply.newBuilder().setMessage("one").build());
                out.onError(Status.FAILED_PRECONDITION.withDescription("no more").asException());
              } else if (req.getName().equals("bare")) {
                out.onError(Status.UNIMPLEMENTED.asException());
              } else {
                out.onError(Status.PERMISSION_DENIED.withDescription("not \"you\"").asException());
              }
            }))
        .build();
  }

  @BeforeEach
  void start() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0).addService(failing()).build().start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(5));
  }

  /** What curl -i sends and sees, with the date's value blanked. */
  private String http1(String json) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      byte[] body = json.getBytes(UTF_8);
      s.getOutputStream().write(("POST /" + SERVICE + "/greetServerStream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "User-Agent: curl/8.5.0\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
      return new String(s.getInputStream().readAllBytes(), UTF_8).replaceAll("date: [^\r]*", "date: <date>");
    }
  }

  @Test
  void failureAfterTheFirstEventOverHttp1() throws Exception {
    String event = "data:{\"message\":\"FAILED_PRECONDITION : no more\",\"status\":\"400\"}\n\n";
    assertEquals("HTTP/1.1 200 OK\r\n"
        + "content-type: text/event-stream\r\n"
        + "cache-control: no-cache\r\n"
        + "date: <date>\r\n"
        + "transfer-encoding: chunked\r\n"
        + "connection: close\r\n"
        + "\r\n"
        + "18\r\ndata:{\"message\":\"one\"}\n\n\r\n"
        + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n"
        + "0\r\nx-why: ran out\r\n\r\n", http1("{\"name\":\"late\"}"));
  }

  @Test
  void failureBeforeTheFirstEventOverHttp1() throws Exception {
    String event = "data:{\"message\":\"PERMISSION_DENIED : not \\\"you\\\"\",\"status\":\"403\"}\n\n";
    assertEquals("HTTP/1.1 403 Forbidden\r\n"
        + "content-type: text/event-stream\r\n"
        + "cache-control: no-cache\r\n"
        + "grpc-status: 7\r\n"
        + "grpc-message: not \"you\"\r\n"
        + "date: <date>\r\n"
        + "transfer-encoding: chunked\r\n"
        + "connection: close\r\n"
        + "\r\n"
        + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n"
        + "0\r\nx-why: ran out\r\n\r\n", http1("{\"name\":\"early\"}"));
    // No description: the code alone, and Dubbo's 501 for UNIMPLEMENTED.
    String bare = http1("{\"name\":\"bare\"}");
    assertEquals("HTTP/1.1 501 Not Implemented\r\n", bare.substring(0, bare.indexOf("\r\n") + 2));
    assertEquals("data:{\"message\":\"UNIMPLEMENTED\",\"status\":\"501\"}\n\n\r\n0\r\nx-why: ran out\r\n\r\n",
        bare.substring(bare.indexOf("data:")));
  }

  private static Http2Headers h2() {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path("/" + SERVICE + "/greetServerStream").authority("127.0.0.1");
    h.set("content-type", "application/json");
    return h;
  }

  @Test
  void theSameOverHttp2() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange late = client.send(h2(), "{\"name\":\"late\"}".getBytes(UTF_8)).await();
      assertEquals("200", late.status());
      assertEquals("text/event-stream", String.valueOf(late.headers.get(0).get("content-type")));
      assertEquals("data:{\"message\":\"one\"}\n\n"
          + "data:{\"message\":\"FAILED_PRECONDITION : no more\",\"status\":\"400\"}\n\n", late.data.toString(UTF_8));
      assertEquals("ran out", late.last("x-why"));
      RawH2Client.Exchange early = client.send(h2(), "{\"name\":\"early\"}".getBytes(UTF_8)).await();
      assertEquals("403", early.status());
      assertEquals("7", String.valueOf(early.headers.get(0).get("grpc-status")));
      assertEquals("data:{\"message\":\"PERMISSION_DENIED : not \\\"you\\\"\",\"status\":\"403\"}\n\n",
          early.data.toString(UTF_8));
    }
  }

  @Test
  void theOtherStatusesAsDubbosTable() throws Exception {
    // TripleGreeterService's failing stream is the same shape as the one users compare with Dubbo.
    TripleServer other = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(TripleGreeterService.failingServerStream()).build().start();
    try (RawH2Client client = new RawH2Client(other.port())) {
      RawH2Client.Exchange e = client.send(h2(), "{}".getBytes(UTF_8)).await();
      assertEquals("data:{\"message\":\"one\"}\n\n"
          + "data:{\"message\":\"FAILED_PRECONDITION : no more\",\"status\":\"400\"}\n\n", e.data.toString(UTF_8));
    } finally {
      other.shutdownNow();
    }
  }
}
