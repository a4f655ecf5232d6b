package io.triple.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.StringValue;
import io.triple.ClientResponseObserver;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.interop.dubbo.DubboEchoClient;
import io.triple.interop.dubbo.DubboEchoTriple;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.config.RootConfig;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCallStreamObserver;
import io.triple.stub.ResponseIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with Apache Dubbo Java 3.3's Triple, both directions, each peer in its own JVM
 * (triple-interop-dubbo-peer): Dubbo serves and calls {@code io.triple.interop.dubbo.DubboEcho}
 * in its interface mode with protobuf messages; we declare the same service in {@code
 * dubbo/dubbo_echo.proto}.
 *
 * <ul>
 *   <li>Dubbo's client calls our server: the peer runs every case once (before the tests) and
 *       reports PASS or FAIL per case; each is one test here;
 *   <li>our client calls Dubbo's server: the tests below.
 * </ul>
 *
 * <p>Both servers also register in one real ZooKeeper (Curator's TestingServer): ours through
 * the bootstrap, as version 1.0.0, Dubbo's with no version. Dubbo's client finds ours there
 * (asking for 1.0.0) and our client finds Dubbo's (asking for no version), so each side reads
 * the other's registration in Dubbo's layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DubboJavaInteropTest {
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(120);

  static final String SERVICE = "io.triple.interop.dubbo.DubboEcho";

  private final TripleDubboEcho ourService = new TripleDubboEcho();
  private TestingServer zookeeper;
  private Dubbo ourProvider;
  private TripleServer ourServer;
  private PeerProcess dubboServer;
  private int dubboPort;
  private DubboEchoClient client;
  private final Map<String, String> dubboClientResults = new HashMap<>();
  private String dubboClientOutput;

  @BeforeAll
  void start() throws Exception {
    zookeeper = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    // Configured with Apache Dubbo's own keys, as a Dubbo application's dubbo.properties says it
    // (singular protocol and registry); the service entry gives the version (@DubboService's).
    RootConfig provider = new ConfigLoader().loadFromString("""
        dubbo.application.name=triple-interop-provider
        dubbo.application.qos-enable=false
        dubbo.protocol.name=tri
        dubbo.protocol.ip=127.0.0.1
        dubbo.protocol.port=%d
        dubbo.registry.address=zookeeper://%s
        dubbo.provider.services.echo.interface=%s
        dubbo.provider.services.echo.version=1.0.0
        dubbo.provider.timeout=30000
        """.formatted(PeerProcess.freePort(), zookeeper.getConnectString(), SERVICE), "dubbo.properties");
    ourProvider = Dubbo.create().withConfig(provider)
        .register(DubboEchoTriple.bindService(ourService)).start();
    ourServer = ourProvider.servers().get(0);
    dubboPort = PeerProcess.freePort();
    dubboServer = PeerProcess.startDubbo("dubbo-server.log",
        "server", String.valueOf(dubboPort), zookeeper.getConnectString());
    // Dubbo's client runs meanwhile: both JVMs start in parallel on two cores.
    try (PeerProcess dubboClient = PeerProcess.startDubbo("dubbo-client.log",
        "client", String.valueOf(ourServer.port()), zookeeper.getConnectString())) {
      dubboServer.awaitPort(dubboPort, PEER_TIMEOUT);
      client = DubboEchoClient.create("tri://127.0.0.1:" + dubboPort);
      int exit = dubboClient.waitFor(PEER_TIMEOUT);
      dubboClientOutput = dubboClient.output();
      if (exit < 0) {
        dubboClientOutput += "\n(timed out after " + PEER_TIMEOUT + ")";
      }
    }
    for (String line : dubboClientOutput.split("\n")) {
      String[] words = line.split("[ :]", 3);
      if (words.length >= 2 && (words[0].equals("PASS") || words[0].equals("FAIL"))) {
        dubboClientResults.put(words[1], line);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (dubboServer != null) {
      dubboServer.close();
    }
    if (ourProvider != null) {
      ourProvider.close();
    }
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  // ---- Dubbo Java client -> our server ----------------------------------------------------------

  @ParameterizedTest(name = "Dubbo Java client -> triple server: {0}")
  @ValueSource(strings = {"unary_metadata", "camel_case_attachments", "error_status", "unimplemented", "deadline",
      "large_unary", "five_mib_unary", "server_stream", "bidi_stream", "registry_unary", "registry_server_stream", "registry_provider_timeout"})
  void dubboClientToTripleServer(String testCase) {
    String result = dubboClientResults.get(testCase);
    if (result == null || !result.startsWith("PASS")) {
      fail("Dubbo Java client, case " + testCase + ": "
          + (result == null ? "no result" : result) + "; its output:\n" + dubboClientOutput);
    }
  }

  /** Dubbo's 500 ms method timeout reached our server as the call's deadline (grpc-timeout). */
  @Test
  void dubboClientTimeoutReachedTripleServerAsDeadline() {
    Deadline deadline = ourService.lastSlowDeadline;
    assertNotNull(deadline, "our server saw no deadline on Dubbo's slow() call; Dubbo client output:\n"
        + dubboClientOutput);
    assertTrue(deadline.isExpired(), deadline.toString());
  }

  /**
   * Dubbo's consumer found our provider in ZooKeeper with no timeout of its own, and used the one
   * our provider published in its registry URL (30 s; Dubbo's default for Triple is 3 s): our
   * server saw it as the call's deadline. Without it, this saw 2,999 ms left, and the 3.5 s call
   * (case registry_provider_timeout) timed out.
   */
  @Test
  void dubboConsumerUsesTheTimeoutOurProviderPublished() {
    Long left = ourService.sleepCallTimeLeftMs;
    assertNotNull(left, "no sleep: call reached our server; Dubbo client output:\n" + dubboClientOutput);
    assertTrue(left > 20_000 && left <= 30_000, "time left on arrival: " + left + " ms");
  }

  // ---- our client -> Dubbo Java server ----------------------------------------------------------

  @Test
  void unaryWithRequestMetadataAndResponseAttachment() throws Exception {
    Metadata headers = new Metadata().add("x-echo", "from-triple");
    assertEquals("hello world x-echo=from-triple",
        client.withMetadata(headers).unary(StringValue.of("world")).getValue());

    // What Dubbo's service put in its response context reaches us as response metadata.
    Reply reply = unaryWithResponseMetadata(client, "again");
    assertEquals("hello again", reply.message());
    assertEquals("dubbo-java", reply.metadata().get("x-served-by"), "response metadata: " + reply);
  }

  /**
   * Values new on every call ({@code traceparent}, {@code grpc-timeout}) go out as HPACK
   * never-indexed literals, but for one in 64 that keeps the name in the table (UniquePerCall):
   * Dubbo's decoder reads them call after call on one connection, past a re-indexed one, and the
   * header after them in the block reaches its service intact each time.
   */
  @Test
  void valuesNewOnEveryCallReachDubboServer() {
    for (int i = 0; i < 70; i++) {
      Metadata headers = new Metadata()
          .add("traceparent", String.format("00-%032x-%016x-01", i + 1, 1000 + i))
          .add("x-echo", "call-" + i);
      assertEquals("hello n" + i + " x-echo=call-" + i, client.withMetadata(headers)
          .withTimeout(java.time.Duration.ofSeconds(20 + i)) // a grpc-timeout new on every call
          .unary(StringValue.of("n" + i)).getValue());
    }
  }

  /**
   * Keys with capitals both ways: Dubbo's provider reads our {@code userId} with {@code
   * getAttachment("userId")} (we send Dubbo's tri-header-convert), and its {@code servedBy}
   * reaches us with its spelling (Dubbo sends the header in the trailers).
   */
  @Test
  void camelCaseAttachmentsBothWays() throws Exception {
    Metadata headers = new Metadata().add("userId", "u-7");
    Reply reply = unaryWithResponseMetadata(client.withMetadata(headers), "camel");
    assertEquals("hello camel userId=u-7", reply.message());
    assertEquals("dubbo-java", reply.metadata().get("servedBy"), "response metadata: " + reply);
    assertEquals("servedBy", reply.metadata().originalKey("servedby"), "response metadata: " + reply);
  }

  /**
   * Triple's plain-HTTP unary call (HTTP/1.1, JSON body, as curl sends it) to a method neither
   * server has: Dubbo's server and ours answer alike, 404 with a JSON error body whose
   * {@code status} and {@code message} fields Dubbo's clients read. (Dubbo's interface-mode
   * services bind JSON arguments by Java bean rules, not protobuf's JSON mapping, so a
   * {@code StringValue} argument cannot be sent to this peer as JSON at all: it answers 400 or
   * 500 for every form; ours follows protobuf's mapping, see triple-tests' HttpUnaryTest.)
   */
  @Test
  void unknownMethodOverHttp1AnswersLikeDubbo() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    for (int port : new int[] {dubboPort, ourServer.port()}) {
      String who = port == dubboPort ? "Dubbo" : "ours";
      java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + "/" + SERVICE + "/nope"))
          .header("content-type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode(), who + ": " + r.body());
      assertEquals("application/json", r.headers().firstValue("content-type").orElse("").split(";")[0], who);
      com.google.protobuf.Struct.Builder body = com.google.protobuf.Struct.newBuilder();
      com.google.protobuf.util.JsonFormat.parser().merge(r.body(), body);
      assertEquals("404", body.getFieldsOrThrow("status").getStringValue(), who + ": " + r.body());
      assertTrue(!body.getFieldsOrThrow("message").getStringValue().isEmpty(), who + ": " + r.body());
    }
  }

  /** Our client finds Dubbo's provider in ZooKeeper, where Dubbo registered it. */
  @Test
  void findsDubboProviderInZooKeeper() throws Exception {
    String target = "zookeeper://" + zookeeper.getConnectString() + "/" + SERVICE;
    try (DubboEchoClient viaRegistry = DubboEchoClient.create(target)) {
      Reply reply = unaryWithResponseMetadata(viaRegistry.withTimeout(Duration.ofSeconds(30)), "zk");
      assertEquals("hello zk", reply.message());
      // Dubbo's provider (no version) answered, not ours (registered as 1.0.0).
      assertEquals("dubbo-java", reply.metadata().get("x-served-by"), "response metadata: " + reply);
    }
  }

  /**
   * Dubbo's provider publishes timeout=1000 in its registry URL, and for its method slow 2000
   * (a {@code MethodConfig}); our zookeeper:// target, given no timeout, uses them as Dubbo's
   * consumers do: slow(1500) answers (within slow's own 2 s, not the service's 1 s), slow(2500)
   * fails with DEADLINE_EXCEEDED (without them, it had no deadline and succeeded). A call with its
   * own timeout is not cut short.
   */
  @Test
  void ourConsumerUsesTheTimeoutDubbosProviderPublished() throws Exception {
    String target = "zookeeper://" + zookeeper.getConnectString() + "/" + SERVICE;
    try (DubboEchoClient viaRegistry = DubboEchoClient.create(target)) {
      assertEquals("slept", viaRegistry.slow(StringValue.of("1500")).getValue());
      StatusException e = assertThrows(StatusException.class, () -> viaRegistry.slow(StringValue.of("2500")));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code(), e.toString());
      assertEquals("slept", viaRegistry.withTimeout(Duration.ofSeconds(30)).slow(StringValue.of("2200")).getValue());
    }
  }

  /** A unary call's response message and its response headers and trailers together. */
  record Reply(String message, Metadata metadata) {}

  private static Reply unaryWithResponseMetadata(DubboEchoClient client, String request)
      throws Exception {
    Metadata metadata = new Metadata();
    CompletableFuture<Reply> done = new CompletableFuture<>();
    client.unary(StringValue.of(request), new ClientResponseObserver<>() {
      private String message;

      @Override
      public void onHeaders(Metadata headers) {
        metadata.merge(headers);
      }

      @Override
      public void onTrailers(Metadata trailers) {
        metadata.merge(trailers);
      }

      @Override
      public void onNext(StringValue value) {
        message = value.getValue();
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(new Reply(message, metadata)); // after onTrailers
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void errorStatusAndMessage() {
    StatusException e = assertThrows(StatusException.class,
        () -> client.unary(StringValue.of("fail:now")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().code(), e.getStatus().toString());
    // Dubbo puts its code's name in front of the message it sends (TriRpcStatus.toMessage).
    assertEquals("INVALID_ARGUMENT : bad request: fail:now", e.getStatus().description());
  }

  /**
   * Dubbo 3.3.6 answers a method its interface lacks with UNKNOWN and the message of a
   * NullPointerException from its own dispatch (not UNIMPLEMENTED, as gRPC servers do): what we
   * check is that our client reports Dubbo's status as sent and the connection stays usable.
   */
  @Test
  void methodDubboDoesNotHave() {
    StatusException e = assertThrows(StatusException.class,
        () -> client.absent(StringValue.of("x")));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().code(), e.getStatus().toString());
    assertTrue(e.getStatus().description().contains("methodDescriptors"), e.getStatus().toString());
    assertEquals("hello still", client.unary(StringValue.of("still")).getValue());
  }

  @Test
  void deadlineExceeded() {
    StatusException e = assertThrows(StatusException.class,
        () -> client.withTimeout(Duration.ofMillis(300)).slow(StringValue.of("5000")));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code(), e.getStatus().toString());
    // The connection is still good afterwards.
    assertEquals("slept", client.slow(StringValue.of("1")).getValue());
  }

  @Test
  void largeMessagesBothWays() {
    String big = "z".repeat(2 << 20);
    assertEquals("hello ".length() + big.length(),
        client.unary(StringValue.of(big)).getValue().length());
  }

  /** 5 MiB each way: past grpc-java's 4 MiB default, within Dubbo's 8 MiB and ours. */
  @Test
  void fiveMebibyteMessagesBothWays() {
    String big = "f".repeat(5 << 20);
    assertEquals("hello ".length() + big.length(),
        client.unary(StringValue.of(big)).getValue().length());
  }

  @Test
  void serverStream() throws Exception {
    List<String> received = new ArrayList<>();
    try (ResponseIterator<StringValue> replies = client.serverStream(StringValue.of("m:2000"))) {
      replies.forEachRemaining(v -> received.add(v.getValue()));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, received);
  }

  /**
   * A thousand 1 KiB messages each way through Dubbo's server. Dubbo 3.3.6's server fails some
   * such calls whoever the client is ("gRPC frame header malformed: reserved bits not zero",
   * UNKNOWN; apache/dubbo#16414): 3.3.6's CompositeInputStream, which its message decoder reads,
   * has no synchronization (later Dubbo versions synchronize it). Measured on this machine against
   * a Dubbo 3.3.6 server from this module: grpc-java 1.85's client failed 14 of 40 such calls,
   * ours 6 of 40. So a call that meets exactly that error is tried again (up to 8 times: all
   * failing by chance is below one in a million); any other failure, or a wrong echo, fails the
   * test at once.
   */
  @Test
  void bidiStream() throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        echoBidi(1000);
        return;
      } catch (ExecutionException e) {
        boolean dubboDecoderRace = e.getCause() instanceof StatusException se
            && se.getStatus().code() == Status.Code.UNKNOWN
            && String.valueOf(se.getStatus().description()).contains("reserved bits not zero");
        if (!dubboDecoderRace || attempt == 8) {
          throw e;
        }
      }
    }
  }

  private void echoBidi(int count) throws Exception {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    List<String> received = new ArrayList<>();
    ClientCallStreamObserver<StringValue> requests = client.bidi(new io.triple.StreamObserver<>() {
      @Override
      public void onNext(StringValue value) {
        received.add(value.getValue());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(received);
      }
    });
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String m = i + ":" + "q".repeat(1000);
      requests.onNext(StringValue.of(m));
      expected.add("echo " + m);
    }
    requests.onCompleted();
    assertEquals(expected, done.get(60, TimeUnit.SECONDS));
  }

}
