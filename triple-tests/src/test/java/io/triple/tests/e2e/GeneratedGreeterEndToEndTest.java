package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ClientResponseObserver;
import io.triple.Metadata;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.stub.ResponseIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The generated greeter stub against a real server over a real socket: what users write. */
class GeneratedGreeterEndToEndTest {
  static TripleServer server;
  static GreeterClient client;

  /** Echoes names and metadata so the test can see what crossed the wire. */
  static final class EchoGreeter implements Greeter {
    @Override
    public GreeterReply greet(GreeterRequest request) {
      ServerContext ctx = ServerContext.current();
      if (request.getName().equals("not-found")) {
        Metadata t = new Metadata().add("x-reason", "missing");
        throw Status.NOT_FOUND.withDescription("nobody called " + request.getName()).asException(t);
      }
      if (request.getName().equals("crash")) {
        throw new IllegalArgumentException("secret internal detail");
      }
      ctx.responseHeaders().add("x-greeter", "echo");
      ctx.responseTrailers().add("x-served", "yes");
      List<String> tags = ctx.requestHeaders().getAll("x-tag");
      return reply("hello " + request.getName() + " tags=" + tags
          + " bin=" + new String(orEmpty(ctx.requestHeaders().getBinary("x-raw-bin"))));
    }

    @Override
    public StreamObserver<GreeterRequest> greetClientStream(StreamObserver<GreeterReply> out) {
      List<String> names = new ArrayList<>();
      return new StreamObserver<>() {
        @Override
        public void onNext(GreeterRequest value) {
          names.add(value.getName());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onNext(reply(String.join("+", names)));
          out.onCompleted();
        }
      };
    }

    @Override
    public void greetServerStream(GreeterRequest request, StreamObserver<GreeterReply> out) {
      ServerContext.current().responseTrailers().add("x-count", "3");
      for (int i = 1; i <= 3; i++) {
        out.onNext(reply(request.getName() + " #" + i));
      }
      out.onCompleted();
    }

    @Override
    public StreamObserver<GreeterRequest> greetStream(StreamObserver<GreeterReply> out) {
      ServerContext.current().responseHeaders().add("x-bidi", "on");
      return new StreamObserver<>() {
        @Override
        public void onNext(GreeterRequest value) {
          if (value.getName().equals("stop")) {
            out.onError(Status.ABORTED.withDescription("stopped by request").asException());
            return;
          }
          out.onNext(reply("echo " + value.getName()));
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }

    private static byte[] orEmpty(byte[] b) {
      return b == null ? new byte[0] : b;
    }
  }

  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  static GreeterReply reply(String message) {
    return GreeterReply.newBuilder().setMessage(message).build();
  }

  @BeforeAll
  static void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(new EchoGreeter()))
        .build().start();
    client = GreeterClient.create("tri://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void blockingUnaryCarriesMultiValuedAndBinaryMetadata() {
    Metadata md = new Metadata().add("x-tag", "a").add("x-tag", "b").addBinary("x-raw-bin", new byte[] {'h', 'i', 0x7f});
    GreeterReply r = client.withMetadata(md).greet(req("bob"));
    assertEquals("hello bob tags=[a, b] bin=hi\u007f", r.getMessage());
  }

  @Test
  void asyncUnaryAndObserverUnarySeeHeadersAndTrailers() throws Exception {
    assertEquals("hello amy tags=[] bin=", client.greetAsync(req("amy")).get(10, TimeUnit.SECONDS).getMessage());

    CompletableFuture<Metadata> headers = new CompletableFuture<>();
    CompletableFuture<Metadata> trailers = new CompletableFuture<>();
    CompletableFuture<String> value = new CompletableFuture<>();
    client.greet(req("zed"), new ClientResponseObserver<>() {
      @Override
      public void onHeaders(Metadata h) {
        headers.complete(h);
      }

      @Override
      public void onTrailers(Metadata t) {
        trailers.complete(t);
      }

      @Override
      public void onNext(GreeterReply v) {
        value.complete(v.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        value.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    assertEquals("hello zed tags=[] bin=", value.get(10, TimeUnit.SECONDS));
    assertEquals("echo", headers.get(10, TimeUnit.SECONDS).get("x-greeter"));
    assertEquals("application/grpc", headers.get().get("content-type"));
    assertEquals("yes", trailers.get(10, TimeUnit.SECONDS).get("x-served"));
    assertEquals("0", trailers.get().get("grpc-status"));
  }

  @Test
  void errorsCarryStatusMessageAndTrailers() {
    StatusException e = assertThrows(StatusException.class, () -> client.greet(req("not-found")));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().code());
    assertEquals("nobody called not-found", e.getStatus().description());
    assertEquals("missing", e.getTrailers().get("x-reason"));

    ExecutionException ee = assertThrows(ExecutionException.class,
        () -> client.greetAsync(req("crash")).get(10, TimeUnit.SECONDS));
    StatusException crash = (StatusException) ee.getCause();
    assertEquals(Status.Code.UNKNOWN, crash.getStatus().code());
    // The exception type helps the caller; its message and stack trace stay on the server.
    assertTrue(crash.getStatus().description().contains("IllegalArgumentException"), crash.getStatus().description());
    assertFalse(crash.getStatus().description().contains("secret internal detail"), crash.getStatus().description());
    assertFalse(crash.getStatus().description().contains("\tat "), crash.getStatus().description());
  }

  @Test
  void clientStream() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    StreamObserver<GreeterRequest> out = client.greetClientStream(new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply v) {
        result.complete(v.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    out.onNext(req("a"));
    out.onNext(req("b"));
    out.onNext(req("c"));
    out.onCompleted();
    assertEquals("a+b+c", result.get(10, TimeUnit.SECONDS));
  }

  @Test
  void serverStreamBlockingIteratorHasHeadersAndTrailers() {
    List<String> got = new ArrayList<>();
    try (ResponseIterator<GreeterReply> it = client.greetServerStream(req("s"))) {
      assertEquals("application/grpc", it.headers().get("content-type"));
      it.forEachRemaining(r -> got.add(r.getMessage()));
      assertEquals(List.of("s #1", "s #2", "s #3"), got);
      assertEquals("3", it.trailers().get("x-count"));
      assertTrue(it.status().isOk());
    }
  }

  @Test
  void serverStreamObserver() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    client.greetServerStream(req("o"), new StreamObserver<>() {
      @Override
      public void onNext(GreeterReply v) {
        got.add(v.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    done.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("o #1", "o #2", "o #3"), got);
  }

  // Repeated: the server resets the stream (NO_ERROR) right after its trailers, and the client
  // must still report the trailers' status however the two race.
  @RepeatedTest(25)
  void bidiEchoAndErrorMidStream() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Metadata> headers = new CompletableFuture<>();
    CompletableFuture<Throwable> end = new CompletableFuture<>();
    StreamObserver<GreeterRequest> out = client.greetStream(new ClientResponseObserver<>() {
      @Override
      public void onHeaders(Metadata h) {
        headers.complete(h);
      }

      @Override
      public void onNext(GreeterReply v) {
        got.add(v.getMessage());
      }

      @Override
      public void onError(Throwable t) {
        end.complete(t);
      }

      @Override
      public void onCompleted() {
        end.complete(null);
      }
    });
    out.onNext(req("1"));
    out.onNext(req("2"));
    out.onNext(req("stop"));
    Throwable t = end.get(10, TimeUnit.SECONDS);
    assertNotNull(t, "expected an error");
    assertEquals(Status.Code.ABORTED, ((StatusException) t).getStatus().code(), t.toString());
    assertEquals(List.of("echo 1", "echo 2"), got);
    assertEquals("on", headers.get(10, TimeUnit.SECONDS).get("x-bidi"));
  }

  @Test
  void defaultMethodsAnswerUnimplemented() {
    try (TripleServer bare = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(new Greeter() {}))
            .build().start();
        GreeterClient c = GreeterClient.create("http://127.0.0.1:" + bare.port())) {
      StatusException e = assertThrows(StatusException.class, () -> c.greet(req("x")));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
      assertTrue(e.getStatus().description().contains("org.apache.dubbo.sample.tri.Greeter/greet"));
      StatusException e2 = assertThrows(StatusException.class, () -> c.greetServerStream(req("x")).hasNext());
      assertEquals(Status.Code.UNIMPLEMENTED, e2.getStatus().code());
    }
  }

  @Test
  void timeoutGivesDeadlineExceeded() {
    try (TripleServer slow = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(new Greeter() {
              @Override
              public GreeterReply greet(GreeterRequest request) {
                CompletableFuture<Void> never = new CompletableFuture<>();
                ServerContext.current().addCancellationListener(() -> never.complete(null));
                never.join(); // returns once the server cancels the call at its deadline
                return reply("late");
              }
            }))
            .build().start();
        GreeterClient c = GreeterClient.create("tri://127.0.0.1:" + slow.port())) {
      StatusException e = assertThrows(StatusException.class,
          () -> c.withTimeout(Duration.ofMillis(200)).greet(req("x")));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
    }
  }

  /** Answers with a fixed label, and whether the request arrived compressed. */
  static Greeter labelled(String label) {
    return new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return reply(label + (ServerContext.current().isRequestMessageCompressed() ? " (gzip)" : ""));
      }
    };
  }

  @Test
  void gzipBothWays() {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(labelled("zipped")).withCompression("gzip"))
            .build().start();
        GreeterClient c = GreeterClient.create("tri://127.0.0.1:" + s.port())) {
      assertEquals("zipped", c.greet(req("x")).getMessage());
      GreeterClient gz = c.withCallOptions(c.getCallOptions().withCompression("gzip"));
      assertEquals("zipped (gzip)", gz.greet(req("x".repeat(10_000))).getMessage());
    }
  }

  @Test
  void versionAndGroupRouting() {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(labelled("v1")).withVersion("1.0.0").withGroup("test"))
            .addService(GreeterTriple.bindService(labelled("v2")).withVersion("2.0.0").withGroup("test"))
            .addService(GreeterTriple.bindService(labelled("other")).withVersion("1.0.0").withGroup("other"))
            .build().start();
        GreeterClient c = GreeterClient.create("tri://127.0.0.1:" + s.port())) {
      Metadata v2 = new Metadata().add("tri-service-version", "2.0.0").add("tri-service-group", "test");
      assertEquals("v2", c.withMetadata(v2).greet(req("x")).getMessage());
      Metadata v1 = new Metadata().add("tri-service-version", "1.0.0").add("tri-service-group", "test");
      assertEquals("v1", c.withMetadata(v1).greet(req("x")).getMessage());
      Metadata other = new Metadata().add("tri-service-group", "other");
      assertEquals("other", c.withMetadata(other).greet(req("x")).getMessage());

      StatusException plain = assertThrows(StatusException.class, () -> c.greet(req("x")));
      assertEquals(Status.Code.UNIMPLEMENTED, plain.getStatus().code());
      assertTrue(plain.getStatus().description().contains("version=2.0.0 group=test"), plain.getStatus().description());

      Metadata missing = new Metadata().add("tri-service-version", "9.9.9").add("tri-service-group", "test");
      StatusException none = assertThrows(StatusException.class, () -> c.withMetadata(missing).greet(req("x")));
      assertEquals(Status.Code.UNIMPLEMENTED, none.getStatus().code());
      assertTrue(none.getStatus().description().contains("version=9.9.9"), none.getStatus().description());
    }
  }

  /** A direct target's Dubbo URL parameters choose the service: tri://host:port?version=&group=. */
  @Test
  void versionAndGroupFromTargetUri() {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(labelled("v1")).withVersion("1.0.0").withGroup("test"))
            .addService(GreeterTriple.bindService(labelled("v2")).withVersion("2.0.0").withGroup("test"))
            .addService(GreeterTriple.bindService(labelled("other")).withVersion("1.0.0").withGroup("other"))
            .build().start()) {
      String base = "tri://127.0.0.1:" + s.port();
      try (GreeterClient v2 = GreeterClient.create(base + "?version=2.0.0&group=test");
          GreeterClient v1 = GreeterClient.create(base + "/org.example.Greeter?group=test&version=1.0.0");
          GreeterClient other = GreeterClient.create(base + "?group=other&timeout=5000")) {
        assertEquals("v2", v2.greet(req("x")).getMessage());
        assertEquals("v1", v1.greet(req("x")).getMessage());
        assertEquals("other", other.greet(req("x")).getMessage());
        // A call's own header still wins over the channel's.
        Metadata pick = new Metadata().add("tri-service-version", "1.0.0");
        assertEquals("v1", v2.withMetadata(pick).greet(req("x")).getMessage());
      }
    }
  }

  @Test
  void unknownTargetParameterIsRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GreeterClient.create("tri://127.0.0.1:1?version=1.0.0&verison=2"));
    assertTrue(e.getMessage().contains("'verison'"), e.getMessage());
    assertTrue(e.getMessage().contains("version, group, timeout"), e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> GreeterClient.create("tri://127.0.0.1:1?timeout=soon"));
    assertTrue(bad.getMessage().contains("timeout=soon"), bad.getMessage());
  }

  /**
   * 5 MiB each way within the default limits (8 MiB, Dubbo's), and a target's max_body_size
   * lowers the client's.
   */
  @Test
  void fiveMebibyteMessagesWithinTheDefaultLimits() {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(labelled("")))
            .addService(GreeterTriple.bindService(new Greeter() {
              @Override
              public GreeterReply greet(GreeterRequest request) {
                return GreeterReply.newBuilder().setMessage(request.getName()).build();
              }
            }).withVersion("echo"))
            .build().start();
        GreeterClient c = GreeterClient.create("tri://127.0.0.1:" + s.port() + "?version=echo");
        GreeterClient small = GreeterClient.create(
            "tri://127.0.0.1:" + s.port() + "?version=echo&max_body_size=" + (4 << 20))) {
      String big = "b".repeat(5 << 20);
      assertEquals(big.length(), c.greet(req(big)).getMessage().length());
      StatusException e = assertThrows(StatusException.class, () -> small.greet(req(big)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.getStatus().toString());
    }
  }

  /** ?timeout= (ms, Dubbo's) is the deadline of calls that set none; a call's own still wins. */
  @Test
  void timeoutParameterIsTheDefaultDeadline() {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(new Greeter() {
              @Override
              public GreeterReply greet(GreeterRequest request) {
                io.triple.Deadline d = ServerContext.current().deadline();
                return reply(d == null ? "none" : d.timeRemaining(TimeUnit.SECONDS) > 60 ? "long" : "short");
              }
            }))
            .build().start();
        GreeterClient plain = GreeterClient.create("tri://127.0.0.1:" + s.port());
        GreeterClient timed = GreeterClient.create("tri://127.0.0.1:" + s.port() + "?timeout=5000")) {
      assertEquals("none", plain.greet(req("x")).getMessage());
      assertEquals("short", timed.greet(req("x")).getMessage());
      assertEquals("long", timed.withTimeout(Duration.ofMinutes(5)).greet(req("x")).getMessage());
    }
  }
}
