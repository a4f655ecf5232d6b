package io.triple.interop;

import com.google.protobuf.ByteString;
import io.triple.CallOptions;
import io.triple.ClientResponseObserver;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.interop.testing.BoolValue;
import io.triple.interop.testing.EchoStatus;
import io.triple.interop.testing.EmptyProtos.Empty;
import io.triple.interop.testing.Payload;
import io.triple.interop.testing.ResponseParameters;
import io.triple.interop.testing.SimpleRequest;
import io.triple.interop.testing.SimpleResponse;
import io.triple.interop.testing.StreamingInputCallRequest;
import io.triple.interop.testing.StreamingInputCallResponse;
import io.triple.interop.testing.StreamingOutputCallRequest;
import io.triple.interop.testing.StreamingOutputCallResponse;
import io.triple.interop.testing.UnimplementedServiceClient;
import io.triple.stub.ClientCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The gRPC interop test client on triple-java. Flags as in grpc's interop-test-descriptions:
 * {@code --server_host=H --server_port=N --test_case=NAME --use_tls=false}, or {@code
 * --use_tls=true} with {@code --server_host_override=HOST} and, ours, {@code --ca_file=PEM} (the
 * authority to trust: grpc's clients carry the spec's test CA built in, this one reads it from a
 * file). Exits 0 if the case passed; otherwise prints why and exits 1 (2 for bad flags).
 *
 * <p>Cases: see {@link #TEST_CASES}. {@code client_compressed_unary_noprobe} and
 * {@code client_compressed_streaming_noprobe} skip the feature probe (as grpc-java's client
 * does), for servers that do not implement the CompressedRequest check.
 */
public final class TestServiceClient implements AutoCloseable {
  /** The test cases this client implements, in the order of grpc's interop-test-descriptions. */
  public static final List<String> TEST_CASES = List.of(
      "empty_unary",
      "large_unary",
      "client_compressed_unary",
      "server_compressed_unary",
      "client_streaming",
      "client_compressed_streaming",
      "server_streaming",
      "server_compressed_streaming",
      "ping_pong",
      "empty_stream",
      "custom_metadata",
      "status_code_and_message",
      "special_status_message",
      "unimplemented_method",
      "unimplemented_service",
      "cancel_after_begin",
      "cancel_after_first_response",
      "timeout_on_sleeping_server",
      "very_large_request");

  /** Extra cases: the compression cases without the CompressedRequest feature probe. */
  public static final List<String> EXTRA_TEST_CASES =
      List.of("client_compressed_unary_noprobe", "client_compressed_streaming_noprobe");

  static final String SPECIAL_STATUS_MESSAGE =
      "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final TripleChannel channel;
  private final io.triple.interop.testing.TestServiceClient stub;
  private final UnimplementedServiceClient unimplementedStub;

  public TestServiceClient(String host, int port) {
    this(host, port, null, null);
  }

  /**
   * Over TLS when {@code trustedCa} (PEM) is given, checking the server's certificate against it
   * and against {@code hostOverride} (the spec's {@code --server_host_override}) if set, instead of
   * {@code host}.
   */
  public TestServiceClient(String host, int port, java.io.File trustedCa, String hostOverride) {
    TripleChannel.Builder b = TripleChannel.forAddress(host, port)
        .maxInboundMessageSize(TestServiceServer.MAX_MESSAGE_SIZE);
    if (trustedCa != null) {
      b.tls(trustedCa);
    }
    if (hostOverride != null) {
      b.overrideAuthority(hostOverride);
    }
    this.channel = b.build();
    this.stub = io.triple.interop.testing.TestServiceClient.create(channel)
        .withCallOptions(CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT));
    this.unimplementedStub = UnimplementedServiceClient.create(channel)
        .withCallOptions(CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT));
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  /** Runs one case; returns normally if it passed, throws (an AssertionError mostly) if not. */
  public void runTest(String testCase) throws Exception {
    switch (testCase) {
      case "empty_unary" -> emptyUnary();
      case "large_unary" -> largeUnary();
      case "client_compressed_unary" -> clientCompressedUnary(true);
      case "client_compressed_unary_noprobe" -> clientCompressedUnary(false);
      case "server_compressed_unary" -> serverCompressedUnary();
      case "client_streaming" -> clientStreaming();
      case "client_compressed_streaming" -> clientCompressedStreaming(true);
      case "client_compressed_streaming_noprobe" -> clientCompressedStreaming(false);
      case "server_streaming" -> serverStreaming();
      case "server_compressed_streaming" -> serverCompressedStreaming();
      case "ping_pong" -> pingPong();
      case "empty_stream" -> emptyStream();
      case "custom_metadata" -> customMetadata();
      case "status_code_and_message" -> statusCodeAndMessage();
      case "special_status_message" -> specialStatusMessage();
      case "unimplemented_method" -> unimplementedMethod();
      case "unimplemented_service" -> unimplementedService();
      case "cancel_after_begin" -> cancelAfterBegin();
      case "cancel_after_first_response" -> cancelAfterFirstResponse();
      case "timeout_on_sleeping_server" -> timeoutOnSleepingServer();
      case "very_large_request" -> veryLargeRequest();
      default -> throw new IllegalArgumentException("Unknown test case '" + testCase + "'");
    }
  }

  // ---- cases -----------------------------------------------------------------------------------

  void emptyUnary() {
    Empty response = stub.emptyCall(Empty.getDefaultInstance());
    check(response != null, "EmptyCall returned null");
  }

  void largeUnary() {
    SimpleResponse response = stub.unaryCall(largeRequest().build());
    checkPayload(response.getPayload(), 314159, "UnaryCall response");
  }

  void clientCompressedUnary(boolean probe) {
    if (probe) {
      // Feature probe: an uncompressed message that says it is compressed must be refused.
      Status status = statusOf(() -> stub.unaryCall(largeRequest().setExpectCompressed(bool(true)).build()));
      checkCode(status, Status.Code.INVALID_ARGUMENT,
          "feature probe (uncompressed request with expect_compressed=true)");
    }
    io.triple.interop.testing.TestServiceClient gzip =
        stub.withCallOptions(stub.getCallOptions().withCompression("gzip"));
    SimpleResponse compressed = gzip.unaryCall(largeRequest().setExpectCompressed(bool(true)).build());
    checkPayload(compressed.getPayload(), 314159, "response to the compressed request");
    SimpleResponse plain = stub.unaryCall(largeRequest().setExpectCompressed(bool(false)).build());
    checkPayload(plain.getPayload(), 314159, "response to the uncompressed request");
  }

  void serverCompressedUnary() throws Exception {
    for (boolean compress : new boolean[] {true, false}) {
      Recorder<SimpleResponse> r = new Recorder<>();
      stub.unaryCall(largeRequest().setResponseCompressed(bool(compress)).build(), r);
      r.awaitOk("UnaryCall(response_compressed=" + compress + ")");
      check(r.messages.size() == 1, "expected one response, got " + r.messages.size());
      checkPayload(r.messages.get(0).getPayload(), 314159, "UnaryCall response");
      if (compress) {
        // Our client API does not expose the per-message compressed flag; the response headers
        // must at least announce gzip.
        checkEquals("gzip", r.headers().get("grpc-encoding"),
            "grpc-encoding of the response to response_compressed=true");
      }
    }
  }

  void clientStreaming() throws Exception {
    Recorder<StreamingInputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingInputCallRequest> requests = stub.streamingInputCall(r);
    for (int size : new int[] {27182, 8, 1828, 45904}) {
      requests.onNext(StreamingInputCallRequest.newBuilder().setPayload(payload(size)).build());
    }
    requests.onCompleted();
    r.awaitOk("StreamingInputCall");
    check(r.messages.size() == 1, "expected one response, got " + r.messages.size());
    checkEquals(74922, r.messages.get(0).getAggregatedPayloadSize(), "aggregated_payload_size");
  }

  void clientCompressedStreaming(boolean probe) throws Exception {
    if (probe) {
      Recorder<StreamingInputCallResponse> p = new Recorder<>();
      ClientCallStreamObserver<StreamingInputCallRequest> requests = stub.streamingInputCall(p);
      requests.onNext(StreamingInputCallRequest.newBuilder()
          .setExpectCompressed(bool(true)).setPayload(payload(27182)).build());
      requests.onCompleted();
      checkCode(p.awaitStatus(), Status.Code.INVALID_ARGUMENT,
          "feature probe (uncompressed message with expect_compressed=true)");
    }
    io.triple.interop.testing.TestServiceClient gzip =
        stub.withCallOptions(stub.getCallOptions().withCompression("gzip"));
    Recorder<StreamingInputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingInputCallRequest> requests = gzip.streamingInputCall(r);
    requests.onNext(StreamingInputCallRequest.newBuilder()
        .setExpectCompressed(bool(true)).setPayload(payload(27182)).build());
    requests.setMessageCompression(false);
    requests.onNext(StreamingInputCallRequest.newBuilder()
        .setExpectCompressed(bool(false)).setPayload(payload(45904)).build());
    requests.onCompleted();
    r.awaitOk("StreamingInputCall");
    check(r.messages.size() == 1, "expected one response, got " + r.messages.size());
    checkEquals(73086, r.messages.get(0).getAggregatedPayloadSize(), "aggregated_payload_size");
  }

  void serverStreaming() throws Exception {
    int[] sizes = {31415, 9, 2653, 58979};
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int size : sizes) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    stub.streamingOutputCall(request.build(), r);
    r.awaitOk("StreamingOutputCall");
    checkSizes(r.messages, sizes);
  }

  void serverCompressedStreaming() throws Exception {
    StreamingOutputCallRequest request = StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(31415).setCompressed(bool(true)))
        .addResponseParameters(ResponseParameters.newBuilder().setSize(92653).setCompressed(bool(false)))
        .build();
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    stub.streamingOutputCall(request, r);
    r.awaitOk("StreamingOutputCall");
    checkSizes(r.messages, new int[] {31415, 92653});
    // The per-message compressed flag is not visible through our client API; the headers must
    // at least announce gzip, since one message asked for compression.
    checkEquals("gzip", r.headers().get("grpc-encoding"), "grpc-encoding of the response");
  }

  void pingPong() throws Exception {
    int[] requestSizes = {27182, 8, 1828, 45904};
    int[] responseSizes = {31415, 9, 2653, 58979};
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests = stub.fullDuplexCall(r);
    for (int i = 0; i < requestSizes.length; i++) {
      requests.onNext(StreamingOutputCallRequest.newBuilder()
          .addResponseParameters(ResponseParameters.newBuilder().setSize(responseSizes[i]))
          .setPayload(payload(requestSizes[i]))
          .build());
      StreamingOutputCallResponse response = r.next("response " + (i + 1) + " of FullDuplexCall");
      checkPayload(response.getPayload(), responseSizes[i], "response " + (i + 1));
    }
    requests.onCompleted();
    r.awaitOk("FullDuplexCall");
    checkEquals(4, r.messages.size(), "number of responses");
  }

  void emptyStream() throws Exception {
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests = stub.fullDuplexCall(r);
    requests.onCompleted();
    r.awaitOk("FullDuplexCall");
    checkEquals(0, r.messages.size(), "number of responses");
  }

  void customMetadata() throws Exception {
    byte[] trailingValue = {(byte) 0xab, (byte) 0xab, (byte) 0xab};
    Metadata metadata = new Metadata()
        .add(TestServiceImpl.ECHO_INITIAL_KEY, "test_initial_metadata_value")
        .addBinary(TestServiceImpl.ECHO_TRAILING_KEY, trailingValue);
    io.triple.interop.testing.TestServiceClient withMetadata = stub.withMetadata(metadata);

    Recorder<SimpleResponse> unary = new Recorder<>();
    withMetadata.unaryCall(largeRequest().build(), unary);
    unary.awaitOk("UnaryCall");
    checkPayload(unary.messages.get(0).getPayload(), 314159, "UnaryCall response");
    checkEchoed(unary, trailingValue, "UnaryCall");

    Recorder<StreamingOutputCallResponse> duplex = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests = withMetadata.fullDuplexCall(duplex);
    requests.onNext(StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(314159))
        .setPayload(payload(271828))
        .build());
    requests.onCompleted();
    duplex.awaitOk("FullDuplexCall");
    checkSizes(duplex.messages, new int[] {314159});
    checkEchoed(duplex, trailingValue, "FullDuplexCall");
  }

  void statusCodeAndMessage() throws Exception {
    checkEchoStatus(2, "test status message");
  }

  void specialStatusMessage() throws Exception {
    checkEchoStatus(2, SPECIAL_STATUS_MESSAGE);
  }

  void unimplementedMethod() {
    checkCode(statusOf(() -> stub.unimplementedCall(Empty.getDefaultInstance())),
        Status.Code.UNIMPLEMENTED, "TestService/UnimplementedCall");
  }

  void unimplementedService() {
    checkCode(statusOf(() -> unimplementedStub.unimplementedCall(Empty.getDefaultInstance())),
        Status.Code.UNIMPLEMENTED, "UnimplementedService/UnimplementedCall");
  }

  void cancelAfterBegin() throws Exception {
    Recorder<StreamingInputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingInputCallRequest> requests = stub.streamingInputCall(r);
    requests.cancel("cancel_after_begin", null);
    checkCode(r.awaitStatus(), Status.Code.CANCELLED, "StreamingInputCall cancelled after begin");
  }

  void cancelAfterFirstResponse() throws Exception {
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests = stub.fullDuplexCall(r);
    requests.onNext(StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(31415))
        .setPayload(payload(27182))
        .build());
    checkPayload(r.next("first response").getPayload(), 31415, "first response");
    requests.cancel("cancel_after_first_response", null);
    checkCode(r.awaitStatus(), Status.Code.CANCELLED, "FullDuplexCall cancelled after first response");
  }

  void timeoutOnSleepingServer() throws Exception {
    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests =
        stub.withTimeout(Duration.ofMillis(1)).fullDuplexCall(r);
    try {
      requests.onNext(StreamingOutputCallRequest.newBuilder().setPayload(payload(27182)).build());
    } catch (RuntimeException e) {
      // The deadline may pass before the message is sent; the status below is what counts.
    }
    checkCode(r.awaitStatus(), Status.Code.DEADLINE_EXCEEDED, "FullDuplexCall with a 1 ms timeout");
  }

  void veryLargeRequest() {
    SimpleResponse response = stub.unaryCall(SimpleRequest.newBuilder()
        .setResponseSize(10)
        .setPayload(payload(10 * 1024 * 1024))
        .build());
    checkPayload(response.getPayload(), 10, "UnaryCall response");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void checkEchoStatus(int code, String message) throws Exception {
    EchoStatus echo = EchoStatus.newBuilder().setCode(code).setMessage(message).build();
    Status unary = statusOf(() -> stub.unaryCall(SimpleRequest.newBuilder().setResponseStatus(echo).build()));
    checkCode(unary, Status.Code.forValue(code), "UnaryCall with response_status");
    checkEquals(message, unary.description(), "status message of UnaryCall");

    Recorder<StreamingOutputCallResponse> r = new Recorder<>();
    ClientCallStreamObserver<StreamingOutputCallRequest> requests = stub.fullDuplexCall(r);
    requests.onNext(StreamingOutputCallRequest.newBuilder().setResponseStatus(echo).build());
    requests.onCompleted();
    Status duplex = r.awaitStatus();
    checkCode(duplex, Status.Code.forValue(code), "FullDuplexCall with response_status");
    checkEquals(message, duplex.description(), "status message of FullDuplexCall");
  }

  private static void checkEchoed(Recorder<?> r, byte[] trailingValue, String call) throws Exception {
    checkEquals("test_initial_metadata_value", r.headers().get(TestServiceImpl.ECHO_INITIAL_KEY),
        TestServiceImpl.ECHO_INITIAL_KEY + " in the response headers of " + call);
    byte[] trailing = r.trailers == null ? null : r.trailers.getBinary(TestServiceImpl.ECHO_TRAILING_KEY);
    check(trailing != null && Arrays.equals(trailingValue, trailing),
        TestServiceImpl.ECHO_TRAILING_KEY + " in the trailers of " + call + ": expected 0xababab, got "
            + (trailing == null ? "none" : hex(trailing)));
  }

  private static SimpleRequest.Builder largeRequest() {
    return SimpleRequest.newBuilder().setResponseSize(314159).setPayload(payload(271828));
  }

  private static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static BoolValue bool(boolean value) {
    return BoolValue.newBuilder().setValue(value).build();
  }

  private static Status statusOf(Supplier<?> call) {
    try {
      call.get();
      return Status.OK;
    } catch (StatusException e) {
      return e.getStatus();
    }
  }

  private static void checkPayload(Payload payload, int size, String what) {
    checkEquals(size, payload.getBody().size(), "payload size of " + what);
    ByteString body = payload.getBody();
    for (int i = 0; i < body.size(); i++) {
      if (body.byteAt(i) != 0) {
        throw new AssertionError("payload of " + what + " is not all zeros (byte " + i + ")");
      }
    }
  }

  private static void checkSizes(List<StreamingOutputCallResponse> responses, int[] sizes) {
    checkEquals(sizes.length, responses.size(), "number of responses");
    for (int i = 0; i < sizes.length; i++) {
      checkPayload(responses.get(i).getPayload(), sizes[i], "response " + (i + 1));
    }
  }

  private static void checkCode(Status status, Status.Code expected, String what) {
    if (status.code() != expected) {
      throw new AssertionError(what + ": expected status " + expected + ", got " + status.code()
          + (status.description() == null ? "" : " (" + status.description() + ")"));
    }
  }

  private static void checkEquals(Object expected, Object actual, String what) {
    if (!java.util.Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder("0x");
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  /** Records what a call delivers: headers, messages (also as a queue), trailers, status. */
  private static final class Recorder<T> implements ClientResponseObserver<T> {
    final List<T> messages = new ArrayList<>();
    final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    final CompletableFuture<Metadata> headers = new CompletableFuture<>();
    final CompletableFuture<Status> status = new CompletableFuture<>();
    volatile Metadata trailers;

    @Override
    public void onHeaders(Metadata h) {
      headers.complete(h);
    }

    @Override
    public void onTrailers(Metadata t) {
      trailers = t;
    }

    @Override
    public synchronized void onNext(T value) {
      messages.add(value);
      queue.add(value);
    }

    @Override
    public void onError(Throwable t) {
      headers.complete(new Metadata());
      status.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      headers.complete(new Metadata());
      status.complete(Status.OK);
    }

    T next(String what) throws InterruptedException {
      T value = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (value == null) {
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s"
            + (status.isDone() ? "; call ended with " + status.join() : ""));
      }
      return value;
    }

    Status awaitStatus() throws Exception {
      try {
        return status.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("call did not end within " + WAIT.toSeconds() + " s");
      }
    }

    void awaitOk(String what) throws Exception {
      checkCode(awaitStatus(), Status.Code.OK, what);
    }

    Metadata headers() throws Exception {
      awaitStatus();
      return headers.getNow(new Metadata());
    }
  }

  // ---- main ------------------------------------------------------------------------------------

  public static void main(String[] args) {
    Map<String, String> flags;
    try {
      flags = Flags.parse(args, "server_host", "server_host_override", "server_port", "test_case",
          "use_tls", "use_test_ca", "ca_file", "num_times");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      usage();
      System.exit(2);
      return;
    }
    java.io.File ca = null;
    if (Boolean.parseBoolean(flags.getOrDefault("use_tls", "false"))) {
      // grpc's clients carry the spec's test CA built in; this one reads it (or any CA) from a file.
      if (!flags.containsKey("ca_file")) {
        System.err.println("--use_tls=true needs --ca_file=PEM, the authority to trust (with --use_test_ca=true:"
            + " grpc's test ca.pem, which this client does not carry built in)");
        System.exit(2);
      }
      ca = new java.io.File(flags.get("ca_file"));
    }
    String hostOverride = ca == null ? null : flags.get("server_host_override");
    String host = flags.getOrDefault("server_host", "localhost");
    int port = Integer.parseInt(flags.getOrDefault("server_port", "8080"));
    String testCase = flags.getOrDefault("test_case", "empty_unary");
    int times = Integer.parseInt(flags.getOrDefault("num_times", "1"));
    if (!TEST_CASES.contains(testCase) && !EXTRA_TEST_CASES.contains(testCase)) {
      System.err.println("Unknown test case '" + testCase + "'");
      usage();
      System.exit(2);
    }
    int exit = 0;
    try (TestServiceClient client = new TestServiceClient(host, port, ca, hostOverride)) {
      for (int i = 0; i < times; i++) {
        System.out.println("Running test " + testCase);
        client.runTest(testCase);
      }
      System.out.println("Test completed.");
    } catch (Throwable t) {
      System.err.println("FAILED " + testCase + " against " + host + ":" + port + ": " + t);
      t.printStackTrace();
      exit = 1;
    }
    System.exit(exit);
  }

  private static void usage() {
    System.err.println("Usage: TestServiceClient --server_host=HOST --server_port=PORT"
        + " --test_case=NAME [--use_tls=false | --use_tls=true --ca_file=PEM [--server_host_override=HOST]]"
        + " [--num_times=1]");
    System.err.println("Test cases: " + String.join(", ", TEST_CASES) + ", " + String.join(", ", EXTRA_TEST_CASES));
  }
}
