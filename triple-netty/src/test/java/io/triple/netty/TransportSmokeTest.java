package io.triple.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ClientResponseObserver;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ResponseIterator;
import io.triple.stub.ServerCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransportSmokeTest {
  static final String SVC = "test.Echo";
  static final MethodDescriptor<String, String> UNARY =
      MethodDescriptor.of(SVC, "Unary", MethodType.UNARY, StringMarshaller.INSTANCE, StringMarshaller.INSTANCE);
  static final MethodDescriptor<String, String> SERVER_STREAM =
      MethodDescriptor.of(SVC, "ServerStream", MethodType.SERVER_STREAMING, StringMarshaller.INSTANCE, StringMarshaller.INSTANCE);
  static final MethodDescriptor<String, String> CLIENT_STREAM =
      MethodDescriptor.of(SVC, "ClientStream", MethodType.CLIENT_STREAMING, StringMarshaller.INSTANCE, StringMarshaller.INSTANCE);
  static final MethodDescriptor<String, String> BIDI =
      MethodDescriptor.of(SVC, "Bidi", MethodType.BIDI_STREAMING, StringMarshaller.INSTANCE, StringMarshaller.INSTANCE);

  static TripleServer server;
  static TripleChannel channel;

  @BeforeAll
  static void start() {
    ServiceDefinition def = ServiceDefinition.builder(SVC)
        .addMethod(UNARY, ServerCalls.unaryCall(req -> {
          ServerContext ctx = ServerContext.current();
          if (req.equals("fail")) {
            throw Status.NOT_FOUND.withDescription("no such thing: é%").asException();
          }
          if (req.equals("boom")) {
            throw new IllegalStateException("kaboom");
          }
          ctx.responseHeaders().add("x-resp", "h");
          ctx.responseTrailers().add("x-trail", "t");
          return CompletableFuture.completedFuture("hello " + req + " " + ctx.requestHeaders().get("x-user"));
        }))
        .addMethod(SERVER_STREAM, ServerCalls.serverStreamingCall((req, obs) -> {
          for (int i = 1; i <= 3; i++) {
            obs.onNext(req + i);
          }
          obs.onCompleted();
        }))
        .addMethod(CLIENT_STREAM, ServerCalls.clientStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          final List<String> got = new ArrayList<>();
          public void onNext(String v) { got.add(v); }
          public void onError(Throwable t) {}
          public void onCompleted() { obs.onNext(String.join(",", got)); obs.onCompleted(); }
        }))
        .addMethod(BIDI, ServerCalls.bidiStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          public void onNext(String v) { obs.onNext("echo " + v); }
          public void onError(Throwable t) {}
          public void onCompleted() { obs.onCompleted(); }
        }))
        .build();
    server = TripleServer.builder().host("127.0.0.1").port(0).addService(def).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", server.port()).build();
  }

  @AfterAll
  static void stop() {
    channel.close();
    server.close();
  }

  @Test
  void unary() {
    Metadata md = new Metadata().add("x-user", "bob");
    String r = ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT.withMetadata(md), "world");
    assertEquals("hello world bob", r);
  }

  @Test
  void unaryError() {
    StatusException e = assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, "fail"));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().code());
    assertEquals("no such thing: é%", e.getStatus().description());
    StatusException e2 = assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, "boom"));
    assertEquals(Status.Code.UNKNOWN, e2.getStatus().code());
    // The type reaches the caller; the message stays in the server's log.
    assertTrue(e2.getStatus().description().contains("IllegalStateException"), e2.getStatus().description());
    assertFalse(e2.getStatus().description().contains("kaboom"), e2.getStatus().description());
  }

  @Test
  void unknownMethod() {
    MethodDescriptor<String, String> missing =
        MethodDescriptor.of(SVC, "Nope", MethodType.UNARY, StringMarshaller.INSTANCE, StringMarshaller.INSTANCE);
    StatusException e = assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, missing, CallOptions.DEFAULT, "x"));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
  }

  @Test
  void serverStreamAndTrailers() throws Exception {
    ResponseIterator<String> it = ClientCalls.blockingServerStreaming(channel, SERVER_STREAM, CallOptions.DEFAULT, "m");
    List<String> got = new ArrayList<>();
    it.forEachRemaining(got::add);
    assertEquals(List.of("m1", "m2", "m3"), got);
    assertEquals("0", it.trailers().get("grpc-status"));
    assertEquals("application/grpc", it.headers().get("content-type"));
  }

  @Test
  void clientStreamAndBidi() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    StreamObserver<String> req = ClientCalls.clientStreaming(channel, CLIENT_STREAM, CallOptions.DEFAULT, new StreamObserver<>() {
      public void onNext(String v) { result.complete(v); }
      public void onError(Throwable t) { result.completeExceptionally(t); }
      public void onCompleted() {}
    });
    req.onNext("a"); req.onNext("b"); req.onNext("c"); req.onCompleted();
    assertEquals("a,b,c", result.get(5, TimeUnit.SECONDS));

    List<String> replies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Metadata[] headers = new Metadata[2];
    StreamObserver<String> bidi = ClientCalls.bidiStreaming(channel, BIDI, CallOptions.DEFAULT, new ClientResponseObserver<>() {
      public void onHeaders(Metadata h) { headers[0] = h; }
      public void onTrailers(Metadata t) { headers[1] = t; }
      public void onNext(String v) { replies.add(v); }
      public void onError(Throwable t) { done.countDown(); }
      public void onCompleted() { done.countDown(); }
    });
    bidi.onNext("1"); bidi.onNext("2"); bidi.onNext("3"); bidi.onCompleted();
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(List.of("echo 1", "echo 2", "echo 3"), replies);
    assertEquals("0", headers[1].get("grpc-status"));
  }

  @Test
  void manyConcurrent() throws Exception {
    List<CompletableFuture<String>> fs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      fs.add(ClientCalls.futureUnary(channel, UNARY, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)), "n" + i));
    }
    for (int i = 0; i < 500; i++) {
      assertEquals("hello n" + i + " null", fs.get(i).get(20, TimeUnit.SECONDS));
    }
  }
}
