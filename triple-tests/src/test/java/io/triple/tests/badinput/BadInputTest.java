package io.triple.tests.badinput;

import static io.triple.tests.badinput.RawH2Client.frame;
import static io.triple.tests.badinput.RawH2Client.grpcHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Headers;
import io.triple.server.TripleServer;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.LeakCheck;
import io.triple.tests.interop.TripleGreeterService;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that break the gRPC protocol in every way the issue lists, sent over one connection.
 * Each gets a clear answer (a grpc-status with a message, or the HTTP status gRPC specifies), and
 * after each the same connection, and a fresh well-behaved client, still get served.
 */
@Timeout(60)
class BadInputTest {
  static final int MAX_INBOUND = 1024;
  static final String GREET = "/" + GreeterDescriptors.SERVICE + "/greet";

  static TripleServer server;
  static GreeterClient goodClient;
  RawH2Client raw;

  @BeforeAll
  static void startServer() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .maxInboundMessageSize(MAX_INBOUND)
        .addService(new TripleGreeterService().definition())
        .build().start();
    goodClient = GreeterClient.create("tri://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    goodClient.close();
    server.shutdownNow();
    server.awaitTermination(java.time.Duration.ofSeconds(5));
    LeakCheck.collectAndReport();
  }

  @BeforeEach
  void connect() throws InterruptedException {
    raw = new RawH2Client(server.port());
  }

  @AfterEach
  void afterEach() throws Exception {
    // The server still serves a well-behaved client ...
    GreeterReply r = goodClient.greet(GreeterRequest.newBuilder().setName("still up").build());
    assertEquals("Hello still up", r.getMessage());
    raw.close();
  }

  private static byte[] validRequest(String name) {
    return frame(GreeterRequest.newBuilder().setName(name).build().toByteArray());
  }

  /** ... and, unless the test says otherwise, the very connection that misbehaved. */
  private void assertConnectionStillServes() throws Exception {
    RawH2Client.Exchange ok = raw.send(grpcHeaders(GREET), validRequest("again")).await();
    assertEquals("200", ok.status());
    assertEquals("0", ok.grpcStatus(), "grpc-message: " + ok.grpcMessage());
  }

  @Test
  void reservedCompressedFlagIsInternal() throws Exception {
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), frame(2, 3, new byte[] {10, 1, 'x'})).await();
    assertEquals("200", ex.status());
    assertEquals("13", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("flag"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void truncatedMessageIsInternal() throws Exception {
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), frame(0, 100, new byte[10])).await();
    assertEquals("13", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("middle of a message"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void truncatedLengthPrefixIsInternal() throws Exception {
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), new byte[] {0, 0, 0}).await();
    assertEquals("13", ex.grpcStatus());
    assertConnectionStillServes();
  }

  @Test
  void oversizeMessageIsResourceExhaustedOnItsPrefix() throws Exception {
    // Declares 1 GiB but sends 5 bytes: refused on the prefix alone, nothing buffered.
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), frame(0, 1L << 30, new byte[5]), false).await();
    assertEquals("8", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("larger than max"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void invalidProtobufIsReportedNotCrashed() throws Exception {
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), frame(garbage)).await();
    assertEquals("3", ex.grpcStatus());
    assertTrue(ex.grpcMessage().startsWith("Invalid message"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void compressedFlagWithoutEncodingIsInternal() throws Exception {
    byte[] body = GreeterRequest.newBuilder().setName("x").build().toByteArray();
    RawH2Client.Exchange ex = raw.send(grpcHeaders(GREET), frame(1, body.length, body)).await();
    assertEquals("13", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("no grpc-encoding"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void gzipBombIsBoundedByTheLimit() throws Exception {
    // 512 KiB of zeros gzips to about 500 bytes: under the wire limit, far over it once inflated.
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
      gz.write(new byte[512 << 10]);
    }
    byte[] body = zipped.toByteArray();
    assertTrue(body.length < MAX_INBOUND, "test needs a bomb under the wire limit: " + body.length);
    Http2Headers h = grpcHeaders(GREET);
    h.set("grpc-encoding", "gzip");
    RawH2Client.Exchange ex = raw.send(h, frame(1, body.length, body)).await();
    assertEquals("8", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("Decompressed message larger than max"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void unsupportedEncodingIsUnimplementedListingAccepted() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("grpc-encoding", "snappy");
    RawH2Client.Exchange ex = raw.send(h, validRequest("x")).await();
    assertEquals("12", ex.grpcStatus());
    assertTrue(ex.grpcMessage().contains("gzip"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void nonPostIs405() throws Exception {
    Http2Headers h = grpcHeaders(GREET).method("GET");
    RawH2Client.Exchange ex = raw.send(h, null).await();
    assertEquals("405", ex.status());
    assertConnectionStillServes();
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("content-type", "text/plain"); // (application/json and /proto are Triple's unary HTTP calls)
    RawH2Client.Exchange ex = raw.send(h, "{}".getBytes()).await();
    assertEquals("415", ex.status());
    assertConnectionStillServes();
  }

  @Test
  void malformedTimeoutIsAClearError() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("grpc-timeout", "soon");
    RawH2Client.Exchange ex = raw.send(h, validRequest("x")).await();
    assertEquals("200", ex.status());
    assertNotNull(ex.grpcStatus());
    assertTrue(!"0".equals(ex.grpcStatus()), "a bad grpc-timeout must not be accepted");
    assertTrue(ex.grpcMessage().contains("grpc-timeout") || ex.grpcMessage().contains("soon"), ex.grpcMessage());
    assertConnectionStillServes();
  }

  @Test
  void unknownPathIsUnimplementedNotHttp404() throws Exception {
    RawH2Client.Exchange ex = raw.send(grpcHeaders("/no.Such/method"), validRequest("x")).await();
    assertEquals("200", ex.status());
    assertEquals("12", ex.grpcStatus());
    assertConnectionStillServes();
  }

  @Test
  void headerListOverTheLimitIsRefusedClearly() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("x-big", "v".repeat(9 * 1024)); // over the 8 KiB default, by less than a quarter
    RawH2Client.Exchange ex = raw.send(h, validRequest("x")).await();
    // Netty answers an oversized request header block with 431 (RFC 6585) before any handler.
    assertEquals("431", ex.status(),
        "headers " + ex.headers + " reset " + ex.resetCode + " write failure " + ex.writeFailure);
    assertConnectionStillServes();
  }

  @Test
  void hugeHeaderListClosesOnlyThatConnection() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("x-huge", "v".repeat(64 * 1024));
    raw.send(h, validRequest("x")).await();
    // Far over the limit, decoding it is not worth keeping the connection: GOAWAY and close.
    assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS), "connection should be closed");
    // afterEach: a fresh client is still served.
  }

  @Test
  void oursClientReportsOversizeMetadataAsItsOwnMistake() {
    io.triple.StatusException e = org.junit.jupiter.api.Assertions.assertThrows(io.triple.StatusException.class,
        () -> goodClient.withMetadata(bigMetadata()).greet(GreeterRequest.newBuilder().setName("x").build()));
    assertEquals(io.triple.Status.Code.INTERNAL, e.getStatus().code(), e.toString());
    assertTrue(e.getStatus().description().contains("metadata too large"), e.toString());
  }

  @Test
  void freshClientsFirstCallWithOversizeMetadataIsTheCallersMistakeToo() {
    // The first call of a new connection waits for the server's SETTINGS, so it knows the
    // server's header list limit: before, its HEADERS went out first, the server closed the
    // connection (GOAWAY, stream not processed) and the caller saw only UNAVAILABLE, on every
    // retry, each on a new connection.
    try (GreeterClient fresh = GreeterClient.create("tri://127.0.0.1:" + server.port())) {
      for (int i = 0; i < 2; i++) {
        io.triple.StatusException e = org.junit.jupiter.api.Assertions.assertThrows(io.triple.StatusException.class,
            () -> fresh.withMetadata(bigMetadata()).greet(GreeterRequest.newBuilder().setName("x").build()));
        assertEquals(io.triple.Status.Code.INTERNAL, e.getStatus().code(), e.toString());
        assertTrue(e.getStatus().description().contains("metadata too large"), e.toString());
      }
      assertEquals("Hello ok", fresh.greet(GreeterRequest.newBuilder().setName("ok").build()).getMessage());
    }
  }

  private static io.triple.Metadata bigMetadata() {
    io.triple.Metadata md = new io.triple.Metadata();
    md.add("x-big", "v".repeat(16 * 1024));
    return md;
  }

  @Test
  void streamThatNeverSendsIsEndedByItsDeadline() throws Exception {
    Http2Headers h = grpcHeaders(GREET);
    h.set("grpc-timeout", "300m");
    // Headers only, no message and no END_STREAM: the server must not hold the stream forever.
    RawH2Client.Exchange ex = raw.send(h, null, false).await();
    assertNotNull(ex.resetCode, "expected RST_STREAM(CANCEL) at the deadline, got " + ex.headers);
    assertEquals(8L, ex.resetCode); // CANCEL, as grpc-java's server does at a deadline
    assertConnectionStillServes();
  }

  @Test
  void messageSplitIntoOneByteFramesIsServed() throws Exception {
    // Memory must not grow with the number of frames (the deframer copies small pieces
    // together); what a test can see is that the message arrives whole.
    String name = "n".repeat(900);
    RawH2Client.Exchange ex = raw.sendInPieces(grpcHeaders(GREET), validRequest(name), 1).await();
    assertEquals("0", ex.grpcStatus(), ex.grpcMessage());
    assertEquals("Hello " + name, GreeterReply.parseFrom(java.util.Arrays.copyOfRange(
        ex.data.toByteArray(), 5, ex.data.size())).getMessage());
    assertConnectionStillServes();
  }

  @Test
  void rapidResetBurstLeavesTheServerServing() throws Exception {
    // Streams opened and reset at once, in a burst (CVE-2023-44487). Netty's codec counts resets
    // and ends the connection with GOAWAY(ENHANCE_YOUR_CALM); the server itself carries on.
    int opened = 0;
    while (opened < 5000 && raw.openAndReset(grpcHeaders(GREET))) {
      opened++;
    }
    assertTrue(raw.awaitClosed(10, TimeUnit.SECONDS),
        "a burst of " + opened + " resets should have made the server close the connection");
    // afterEach: a fresh client is still served.
  }
}
