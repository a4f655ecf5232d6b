package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ForwardingClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ReferenceConfig;
import io.triple.server.TripleServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Interceptors configured the Dubbo way, with token, executes, accesslog and filter in dubbo.yaml. */
@Timeout(30)
class DubboYamlInterceptorTest {

  /** Answers at once, except "wait", which holds its call until released. */
  static final class Hello implements Greeter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public GreeterReply greet(GreeterRequest request) {
      if (request.getName().equals("wait")) {
        entered.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
    }
  }

  /** A client filter given in code: adds the x-user header RequireUserFilter asks for. */
  static final class AddUser implements ClientInterceptorFactory {
    @Override
    public String name() {
      return "add-user";
    }

    @Override
    public ClientInterceptor create(String referenceId, ReferenceConfig reference) {
      return new ClientInterceptor() {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
            MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
          return new ForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
              headers.put("x-user", referenceId);
              super.start(listener, headers);
            }
          };
        }
      };
    }
  }

  /** A real ZooKeeper on a free loopback port. */
  private static TestingServer zookeeper() throws Exception {
    return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
  }

  private static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Path write(Path dir, String yaml) throws IOException {
    return Files.writeString(dir.resolve("dubbo.yaml"), yaml.replace("PORT", Integer.toString(freePort())));
  }

  private static Status.Code code(Runnable call) {
    return assertThrows(StatusException.class, call::run).getStatus().code();
  }

  @Test
  void tokenExecutesAndAccesslogFromDubboYaml(@TempDir Path dir) throws Exception {
    Path yaml = write(dir, """
        dubbo:
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              GreeterProvider:
                interface: org.apache.dubbo.sample.tri.Greeter
                token: s3cret
                executes: 1
                accesslog: true
          consumer:
            references:
              WithToken:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                token: s3cret
        """);
    Hello hello = new Hello();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .register(GreeterTriple.bindService(hello))
        .start();
        GreeterClient anonymous = GreeterClient.create("tri://127.0.0.1:" + dubbo.servers().get(0).port())) {
      GreeterClient withToken = GreeterClient.create(dubbo.channel("WithToken"));

      // No token: refused, and the refusal is in the access log (it runs first).
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> anonymous.greet(req("anonymous"))));
      } finally {
        System.setErr(originalErr);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertTrue(log.contains("triple.access"), log);
      assertTrue(log.contains("org.apache.dubbo.sample.tri.Greeter/greet from /127.0.0.1:"), log);
      assertTrue(log.contains("UNAUTHENTICATED"), log);

      // The reference's token, from the same file, is sent: allowed.
      assertEquals("hello, dubbo", withToken.greet(req("dubbo")).getMessage());
      // A Dubbo client sends it as a plain 'token' header.
      assertEquals("hello, header",
          anonymous.withMetadata(new Metadata().add("token", "s3cret")).greet(req("header")).getMessage());

      // executes: 1. One held call takes the only slot ...
      CompletableFuture<GreeterReply> held = withToken.greetAsync(req("wait"));
      assertTrue(hello.entered.await(10, TimeUnit.SECONDS));
      // ... so the next authenticated call is refused ...
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(() -> withToken.greet(req("second"))));
      // ... while an unauthenticated one is refused for its token: checked before it may take a slot.
      assertEquals(Status.Code.UNAUTHENTICATED, code(() -> anonymous.greet(req("third"))));
      hello.release.countDown();
      assertEquals("hello, wait", held.get(10, TimeUnit.SECONDS).getMessage());
      // The slot is free again.
      assertEquals("hello, again", withToken.greet(req("again")).getMessage());
    }
  }

  /**
   * A reference's actives caps its calls in flight per provider and method, as Dubbo's: with two
   * providers and actives 1, two held calls both go out (one to each), and a third waits and fails
   * with RESOURCE_EXHAUSTED at its timeout, naming the provider, without reaching either.
   */
  @Test
  void activesLimitsCallsInFlightPerProvider(@TempDir Path dir) throws Exception {
    AtomicInteger entered = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Greeter holding = new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        entered.incrementAndGet();
        if (request.getName().equals("wait")) {
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
      }
    };
    try (TripleServer second = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(holding)).build().start()) {
      Path yaml = write(dir, """
          dubbo:
            protocols:
              triple: {ip: 127.0.0.1, port: PORT}
            consumer:
              actives: 1
              references:
                Limited:
                  interface: org.apache.dubbo.sample.tri.Greeter
                  url: tri://127.0.0.1:PORT;tri://127.0.0.1:SECOND
                  loadbalance: roundrobin
                  timeout: 300ms
                  retries: 0
          """.replace("SECOND", Integer.toString(second.port())));
      try (Dubbo dubbo = Dubbo.create()
          .withConfig(new ConfigLoader().load(yaml))
          .register(GreeterTriple.bindService(holding))
          .start()) {
        GreeterClient client = GreeterClient.create(dubbo.channel("Limited"));
        GreeterClient patient = client.withTimeout(java.time.Duration.ofSeconds(20));
        CompletableFuture<GreeterReply> one = patient.greetAsync(req("wait"));
        CompletableFuture<GreeterReply> two = patient.greetAsync(req("wait"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (entered.get() < 2 && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        assertEquals(2, entered.get(), "a provider's first call waited for the other provider's");

        StatusException e = assertThrows(StatusException.class, () -> client.greet(req("third")));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().code(), e.toString());
        String d = e.getStatus().description();
        assertTrue(d.contains("actives 1") && d.contains("org.apache.dubbo.sample.tri.Greeter/greet to 127.0.0.1:"),
            d);
        assertEquals(2, entered.get(), "the call that waited in vain reached a provider");

        release.countDown();
        assertEquals("hello, wait", one.get(10, TimeUnit.SECONDS).getMessage());
        assertEquals("hello, wait", two.get(10, TimeUnit.SECONDS).getMessage());
        assertEquals("hello, again", client.greet(req("again")).getMessage());
      }
    } finally {
      release.countDown();
    }
  }

  /**
   * A provider's dubbo.provider.timeout reaches, through ZooKeeper, the references that set no
   * timeout of their own (as Dubbo's consumers take it); a reference's own timeout wins.
   */
  @Test
  void aReferenceWithoutTimeoutTakesTheOneItsProviderPublished(@TempDir Path dir) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Greeter slow = new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        try {
          release.await(Long.parseLong(request.getName()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return GreeterReply.newBuilder().setMessage("hello, " + request.getName()).build();
      }
    };
    try (TestingServer zk = zookeeper()) {
      Path yaml = write(dir, """
          dubbo:
            application: {name: timeouts}
            registries:
              zk: {address: 'zookeeper://ZK'}
            protocols:
              triple: {ip: 127.0.0.1, port: PORT}
            provider:
              timeout: 300ms
              services:
                GreeterProvider: {interface: org.apache.dubbo.sample.tri.Greeter}
            consumer:
              references:
                Published: {interface: org.apache.dubbo.sample.tri.Greeter, retries: 0}
                Own: {interface: org.apache.dubbo.sample.tri.Greeter, retries: 0, timeout: 20s}
          """.replace("ZK", zk.getConnectString()));
      try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml))
          .register(GreeterTriple.bindService(slow)).start()) {
        assertEquals(Status.Code.DEADLINE_EXCEEDED,
            code(() -> GreeterClient.create(dubbo.channel("Published")).greet(req("1500"))));
        assertEquals("hello, 1500", GreeterClient.create(dubbo.channel("Own")).greet(req("1500")).getMessage());
      }
    } finally {
      release.countDown();
    }
  }

  /**
   * Tag routing end to end: a provider service tagged gray, registered in ZooKeeper (interface and
   * application level), is reached by a reference tagged gray and by a call carrying dubbo.tag,
   * and not by an untagged reference, which says why.
   */
  @Test
  void aTaggedProviderTakesOnlyItsTagsCalls(@TempDir Path dir) throws Exception {
    try (TestingServer zk = zookeeper()) {
      Path yaml = write(dir, """
          dubbo:
            application: {name: tags}
            registries:
              zk: {address: 'zookeeper://ZK'}
            protocols:
              triple: {ip: 127.0.0.1, port: PORT}
            provider:
              services:
                GreeterProvider: {interface: org.apache.dubbo.sample.tri.Greeter, tag: gray}
            consumer:
              references:
                Gray: {interface: org.apache.dubbo.sample.tri.Greeter, tag: gray, check: false}
                Plain: {interface: org.apache.dubbo.sample.tri.Greeter, check: false, retries: 0}
          """.replace("ZK", zk.getConnectString()));
      try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml))
          .register(GreeterTriple.bindService(new Hello())).start()) {
        assertEquals("hello, gray", GreeterClient.create(dubbo.channel("Gray")).greet(req("gray")).getMessage());
        StatusException e = assertThrows(StatusException.class,
            () -> GreeterClient.create(dubbo.channel("Plain")).greet(req("plain")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code());
        assertTrue(e.getStatus().description().contains("all tagged"), e.getStatus().description());
        assertEquals("hello, by header", GreeterClient.create(dubbo.channel("Plain"))
            .withMetadata(new Metadata().add("dubbo.tag", "gray")).greet(req("by header")).getMessage());
      }
    }
  }

  @Test
  void customFiltersFromTheClassPathAndFromCode(@TempDir Path dir) throws Exception {
    Path yaml = write(dir, """
        dubbo:
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            token: s3cret
            services:
              GreeterProvider:
                interface: org.apache.dubbo.sample.tri.Greeter
                filter: require-user
          consumer:
            references:
              Alice:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                token: s3cret
                filter: [add-user]
              NoUser:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                token: s3cret
              NoToken:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                filter: add-user
        """);
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .interceptorFactory(new AddUser())
        .register(GreeterTriple.bindService(new Hello()))
        .start()) {
      // The provider-wide token, then the service's own filter (found in META-INF/services).
      assertEquals("hello, alice", GreeterClient.create(dubbo.channel("Alice")).greet(req("alice")).getMessage());
      assertEquals(Status.Code.PERMISSION_DENIED,
          code(() -> GreeterClient.create(dubbo.channel("NoUser")).greet(req("x"))));
      assertEquals(Status.Code.UNAUTHENTICATED,
          code(() -> GreeterClient.create(dubbo.channel("NoToken")).greet(req("x"))));
    }
  }

  @Test
  void providerDefaultsCoverServicesServedWithoutAnEntry(@TempDir Path dir) throws Exception {
    Path yaml = write(dir, """
        dubbo:
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            token: s3cret
        """);
    try (Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .register(GreeterTriple.bindService(new Hello()))
        .start();
        GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + dubbo.servers().get(0).port())) {
      assertEquals(Status.Code.UNAUTHENTICATED, code(() -> client.greet(req("x"))));
      assertEquals("hello, ok",
          client.withMetadata(new Metadata().add("token", "s3cret")).greet(req("ok")).getMessage());
    }
  }

  @Test
  void unknownFilterNameIsAConfigExceptionNamingFileAndKey(@TempDir Path dir) throws Exception {
    Path yaml = write(dir, """
        dubbo:
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              GreeterProvider:
                interface: org.apache.dubbo.sample.tri.Greeter
                filter: [accesslog, audti]
          consumer:
            references:
              R:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
                filter: tracing
        """);
    Dubbo dubbo = Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .register(GreeterTriple.bindService(new Hello()));
    try {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertEquals(yaml.toString(), e.source());
      assertEquals("dubbo.provider.services.GreeterProvider.filter", e.keyPath());
      assertTrue(e.getMessage().startsWith(yaml + ": dubbo.provider.services.GreeterProvider.filter: unknown "
          + "filter 'audti'; known: accesslog, token, executes, require-user (add more with a "
          + "ServerInterceptorFactory registered in META-INF/services/"
          + "io.triple.bootstrap.spi.ServerInterceptorFactory)"), e.getMessage());
      assertTrue(dubbo.servers().isEmpty(), "nothing is started when a filter is unknown");

      ConfigException r = assertThrows(ConfigException.class, () -> dubbo.channel("R"));
      assertEquals("dubbo.consumer.references.R.filter", r.keyPath());
      assertTrue(r.getMessage().contains(yaml + ": dubbo.consumer.references.R.filter: unknown filter 'tracing'; "
          + "known: token"), r.getMessage());
    } finally {
      dubbo.close();
    }
  }
}
