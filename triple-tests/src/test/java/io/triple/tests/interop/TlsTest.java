package io.triple.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ResponseIterator;
import io.triple.tests.hostile.FramePeer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS (HTTP/2 through ALPN) both ways with grpc-java, and between ours, with a {@link
 * TestCertificate} (self-signed, for localhost and 127.0.0.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {
  @TempDir
  static Path dir;
  private Path cert;
  private Path key;
  private TripleServer ourServer;

  @BeforeAll
  void makeCertificateAndServer() throws Exception {
    TestCertificate tc = TestCertificate.create(dir);
    cert = tc.certificate();
    key = tc.privateKey();
    ourServer = TripleServer.builder().host("127.0.0.1").port(0)
        .tls(cert.toFile(), key.toFile())
        .addService(GreeterTriple.bindService(new Greeter() {
          @Override
          public GreeterReply greet(GreeterRequest request) {
            return reply("hello " + request.getName());
          }

          @Override
          public void greetServerStream(GreeterRequest request,
              io.triple.StreamObserver<GreeterReply> responses) {
            for (int i = 0; i < 3; i++) {
              responses.onNext(reply(request.getName() + i));
            }
            responses.onCompleted();
          }
        }))
        .build().start();
  }

  @AfterAll
  void stop() {
    if (ourServer != null) {
      ourServer.shutdownNow();
    }
  }

  static GreeterRequest req(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  static GreeterReply reply(String message) {
    return GreeterReply.newBuilder().setMessage(message).build();
  }

  /**
   * Triple's plain-HTTP unary call over TLS, as curl or a browser makes it: ALPN "http/1.1" gets
   * the HTTP/1.1 pipeline, "h2" the HTTP/2 one, both answering JSON.
   */
  @Test
  void jsonCallsOverHttpsWithEitherAlpnProtocol() throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(cert)) {
      trust.setCertificateEntry("server",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    for (java.net.http.HttpClient.Version version : java.net.http.HttpClient.Version.values()) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(ssl).version(version).build();
      java.net.http.HttpResponse<String> r = http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + ourServer.port()
                  + "/org.apache.dubbo.sample.tri.Greeter/greet"))
              .header("content-type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"tls\"}"))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(version, r.version());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("{\"message\":\"hello tls\"}", r.body());
    }
  }

  @Test
  void ourClientToOurServer() throws Exception {
    try (GreeterClient client = GreeterClient.create(
        TripleChannel.forAddress("127.0.0.1", ourServer.port()).tls(cert.toFile()).build())) {
      assertEquals("hello tls", client.greet(req("tls")).getMessage());
      List<String> got = new ArrayList<>();
      try (ResponseIterator<GreeterReply> it = client.greetServerStream(req("s"))) {
        it.forEachRemaining(r -> got.add(r.getMessage()));
      }
      assertEquals(List.of("s0", "s1", "s2"), got);
    }
  }

  /**
   * Over TLS a request's {@code :scheme} is {@code https} (RFC 9113 §8.3.1: the scheme of the
   * target URI), as grpc-java sends it; proxies route and check on it.
   */
  @Test
  void ourClientSendsSchemeHttpsOverTls() throws Exception {
    try (FramePeer.Server peer = new FramePeer.Server(new io.netty.handler.codec.http2.Http2Settings(),
            io.triple.tls.TlsContexts.server(cert.toFile(), key.toFile(), null));
        GreeterClient client = GreeterClient.create(
            TripleChannel.forAddress("127.0.0.1", peer.port()).tls(cert.toFile()).build())) {
      java.util.concurrent.CompletableFuture<GreeterReply> call =
          client.withTimeout(java.time.Duration.ofSeconds(5)).greetAsync(req("scheme"));
      FramePeer p = peer.accept(10_000);
      assertNotNull(p, "connected");
      FramePeer.Frame h = p.await(f -> f.type() == io.netty.handler.codec.http2.Http2FrameTypes.HEADERS, 10_000);
      assertNotNull(h, "request HEADERS: " + p.frames());
      assertEquals("https", String.valueOf(h.headers().scheme()));
      p.headers(h.streamId(), FramePeer.grpcResponse(), false);
      p.headers(h.streamId(), FramePeer.grpcTrailers(0), true);
      assertThrows(Exception.class, call::join); // OK status without a message: a unary call fails
    }
  }

  @Test
  void grpcJavaClientToOurServer() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", ourServer.port())
        .sslContext(GrpcSslContexts.forClient().trustManager(cert.toFile()).build())
        .build();
    try {
      GreeterReply r = ClientCalls.blockingUnaryCall(channel, GreeterDescriptors.GRPC_GREET,
          io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), req("grpc"));
      assertEquals("hello grpc", r.getMessage());
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void ourClientToGrpcJavaServer() throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GreeterDescriptors.GRPC_GREET, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(reply("grpc-java says hello " + req.getName()));
          out.onCompleted();
        }))
        .build();
    Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.forServer(cert.toFile(), key.toFile()).build())
        .addService(service).build().start();
    try (GreeterClient client = GreeterClient.create(
        TripleChannel.forAddress("127.0.0.1", grpc.getPort()).tls(cert.toFile()).build())) {
      assertEquals("grpc-java says hello tri", client.greet(req("tri")).getMessage());
    } finally {
      grpc.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void untrustedCertificateFailsWithAClearStatus() {
    // The JDK's default authorities do not know the test's self-signed certificate.
    try (GreeterClient client = GreeterClient.create(
        TripleChannel.forTarget("https://127.0.0.1:" + ourServer.port()).build())) {
      StatusException e = assertThrows(StatusException.class,
          () -> client.withTimeout(Duration.ofSeconds(30)).greet(req("x")));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.getStatus().toString());
      assertTrue(e.getStatus().description().contains("certification path"),
          e.getStatus().toString());
    }
  }

  /** A server on 127.0.0.1 whose certificate names only greeter.test (no IP address). */
  private TripleServer serverNamedGreeterTest(TestCertificate named) {
    return TripleServer.builder().host("127.0.0.1").port(0)
        .tls(named.certificate().toFile(), named.privateKey().toFile())
        .addService(GreeterTriple.bindService(new Greeter() {
          @Override
          public GreeterReply greet(GreeterRequest request) {
            return reply("hello " + request.getName());
          }
        }))
        .build().start();
  }

  @Test
  void certificateMustNameTheHostAndOverrideAuthorityNamesIt() throws Exception {
    TestCertificate named = TestCertificate.create(dir, "greeter.test", "dns:greeter.test");
    TripleServer server = serverNamedGreeterTest(named);
    try {
      // Trusted, but issued for greeter.test, not for the address connected to.
      try (GreeterClient client = GreeterClient.create(TripleChannel
          .forAddress("127.0.0.1", server.port()).tls(named.certificate().toFile()).build())) {
        StatusException e = assertThrows(StatusException.class,
            () -> client.withTimeout(Duration.ofSeconds(30)).greet(req("x")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.getStatus().toString());
        assertTrue(e.getStatus().description().contains("127.0.0.1"), e.getStatus().toString());
      }
      // The same address, checked against the name the certificate carries.
      try (GreeterClient client = GreeterClient.create(TripleChannel
          .forAddress("127.0.0.1", server.port()).tls(named.certificate().toFile())
          .overrideAuthority("greeter.test:" + server.port()).build())) {
        assertEquals("hello override", client.greet(req("override")).getMessage());
      }
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void cleartextClientToTlsServerFailsInsteadOfHanging() {
    try (GreeterClient client = GreeterClient.create(
        TripleChannel.forAddress("127.0.0.1", ourServer.port()).build())) {
      StatusException e = assertThrows(StatusException.class,
          () -> client.withTimeout(Duration.ofSeconds(30)).greet(req("x")));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.getStatus().toString());
    }
  }
}
