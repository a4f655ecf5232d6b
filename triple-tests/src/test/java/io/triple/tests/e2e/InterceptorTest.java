package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.ForwardingServerCall;
import io.triple.ForwardingServerCallListener;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.interceptor.AccessLogInterceptor;
import io.triple.interceptor.ConcurrencyLimitInterceptor;
import io.triple.interceptor.TokenAuthInterceptor;
import io.triple.interceptor.TokenCredentials;
import io.triple.server.TripleServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client and server interceptor chains, and the built-in ones, over real sockets. */
@Timeout(30)
class InterceptorTest {
  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  static final class Hello implements Greeter {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(2);
    /** "hold" calls wait on this: they end by their deadline, not by an answer. */
    final CountDownLatch hold = new CountDownLatch(1);

    @Override
    public GreeterReply greet(GreeterRequest request) {
      if (request.getName().equals("wait")) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (request.getName().equals("hold")) {
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (request.getName().equals("bad")) {
        throw Status.INVALID_ARGUMENT.withDescription("bad name").asException();
      }
      return GreeterReply.newBuilder().setMessage("hello " + request.getName()).build();
    }
  }

  /** Records what one server interceptor sees, in a shared event list. */
  record Recording(String name, List<String> events) implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      events.add(name + " start x-user=" + headers.get("x-user"));
      ServerCall<ReqT, RespT> wrapped = new ForwardingServerCall<>(call) {
        @Override
        public void sendMessage(RespT message) {
          events.add(name + " out");
          super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
          events.add(name + " close " + status.code());
          trailers.add("x-seen-by", name);
          super.close(status, trailers);
        }
      };
      return new ForwardingServerCallListener<>(next.startCall(wrapped, headers)) {
        @Override
        public void onMessage(ReqT message) {
          events.add(name + " in");
          super.onMessage(message);
        }
      };
    }
  }

  /** Records what one client interceptor sees. */
  record ClientRecording(String name, List<String> events) implements ClientInterceptor {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new ForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          events.add(name + " start");
          headers.put("x-user", name);
          super.start(new ForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              events.add(name + " close " + status.code() + " seen-by=" + trailers.getAll("x-seen-by"));
              super.onClose(status, trailers);
            }
          }, headers);
        }

        @Override
        public void sendMessage(ReqT message) {
          events.add(name + " send");
          super.sendMessage(message);
        }
      };
    }
  }

  @Test
  void chainsRunInOrderAndSeeHeadersMessagesAndStatus() throws Exception {
    List<String> server = Collections.synchronizedList(new ArrayList<>());
    List<String> client = Collections.synchronizedList(new ArrayList<>());
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .intercept(new Recording("A", server), new Recording("B", server))
            .addService(GreeterTriple.bindService(new Hello()).withInterceptors(new Recording("C", server)))
            .build().start();
        TripleChannel channel = TripleChannel.forAddress("127.0.0.1", s.port()).build()) {
      GreeterClient stub = GreeterClient.create(ClientInterceptors.intercept(channel,
          new ClientRecording("X", client), new ClientRecording("Y", client)));
      assertEquals("hello x", stub.greet(req("x")).getMessage());
      // Server: global interceptors first, then the service's; the status unwinds inside out.
      assertEquals(List.of("A start x-user=Y", "B start x-user=Y", "C start x-user=Y",
          "A in", "B in", "C in", "C out", "B out", "A out",
          "C close OK", "B close OK", "A close OK"), server);
      // Client: the first interceptor starts first and hears the outcome last.
      assertEquals(List.of("X start", "Y start", "X send", "Y send",
          "Y close OK seen-by=[C, B, A]", "X close OK seen-by=[C, B, A]"), client);
    }
  }

  @Test
  void tokenAuthRefusesMissingAndWrongTokens() throws Exception {
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .intercept(new TokenAuthInterceptor("s3cret"))
            .addService(GreeterTriple.bindService(new Hello()))
            .build().start();
        TripleChannel channel = TripleChannel.forAddress("127.0.0.1", s.port()).build()) {
      GreeterClient none = GreeterClient.create(channel);
      StatusException missing = assertThrows(StatusException.class, () -> none.greet(req("x")));
      assertEquals(Status.Code.UNAUTHENTICATED, missing.getStatus().code());
      assertTrue(missing.getStatus().description().contains("Missing token"), missing.toString());

      GreeterClient wrong = GreeterClient.create(ClientInterceptors.intercept(channel, new TokenCredentials("guess")));
      StatusException bad = assertThrows(StatusException.class, () -> wrong.greet(req("x")));
      assertEquals(Status.Code.UNAUTHENTICATED, bad.getStatus().code());
      assertTrue(bad.getStatus().description().contains("Invalid token"), bad.toString());

      GreeterClient right = GreeterClient.create(ClientInterceptors.intercept(channel, new TokenCredentials("s3cret")));
      assertEquals("hello ok", right.greet(req("ok")).getMessage());
      // Dubbo clients send it as a plain 'token' header.
      assertEquals("hello dubbo", none.withMetadata(new Metadata().add("token", "s3cret")).greet(req("dubbo")).getMessage());
      GreeterClient dubboStyle = GreeterClient.create(ClientInterceptors.intercept(channel, TokenCredentials.dubbo("s3cret")));
      assertEquals("hello dubbo-style", dubboStyle.greet(req("dubbo-style")).getMessage());
    }
  }

  @Test
  void concurrencyLimitRefusesCallsOverTheLimitAndFreesSlots() throws Exception {
    Hello hello = new Hello();
    ConcurrencyLimitInterceptor limit = new ConcurrencyLimitInterceptor(2);
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .addService(GreeterTriple.bindService(hello).withInterceptors(limit))
            .build().start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + s.port())) {
      CompletableFuture<GreeterReply> first = client.greetAsync(req("wait"));
      CompletableFuture<GreeterReply> second = client.greetAsync(req("wait"));
      assertTrue(hello.entered.await(10, TimeUnit.SECONDS));
      StatusException over = assertThrows(StatusException.class, () -> client.greet(req("third")));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, over.getStatus().code());
      assertTrue(over.getStatus().description().contains("limit 2"), over.toString());
      hello.release.countDown();
      assertEquals("hello wait", first.get(10, TimeUnit.SECONDS).getMessage());
      assertEquals("hello wait", second.get(10, TimeUnit.SECONDS).getMessage());
      // Slots come back when calls end, whether they succeed, fail or are cancelled.
      assertThrows(StatusException.class, () -> client.greet(req("bad")));
      assertEquals("hello again", client.greet(req("again")).getMessage());
      // A call that cannot answer before its deadline (a 1 ms deadline on an answering call
      // sometimes made it in time on a fast machine).
      CompletableFuture<GreeterReply> cancelled = client.withTimeout(java.time.Duration.ofMillis(50)).greetAsync(req("hold"));
      ExecutionException late = assertThrows(ExecutionException.class, () -> cancelled.get(10, TimeUnit.SECONDS));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, ((StatusException) late.getCause()).getStatus().code());
      hello.hold.countDown();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (limit.inProgress() != 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(0, limit.inProgress());
    }
  }

  @Test
  void accessLogWritesOneLinePerCall() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (TripleServer s = TripleServer.builder().host("127.0.0.1").port(0)
            .intercept(new AccessLogInterceptor())
            .addService(GreeterTriple.bindService(new Hello()))
            .build().start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + s.port())) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        // Tests log at WARN, so the failed call's line is the one that shows.
        assertThrows(StatusException.class, () -> client.greet(req("bad")));
      } finally {
        System.setErr(original);
      }
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("triple.access"), log);
    assertTrue(log.contains("org.apache.dubbo.sample.tri.Greeter/greet from /127.0.0.1:"), log);
    assertTrue(log.contains("INVALID_ARGUMENT (bad name)"), log);
    assertTrue(log.contains("(1 in, 0 out)"), log);
  }
}
