package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.tests.interop.TestCertificate;
import io.triple.tests.interop.TripleGreeterService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connection that cannot be set up fails the call with a status that says why. */
@Timeout(60)
class ConnectFailureMessagesTest {
  static final GreeterRequest REQUEST = GreeterRequest.newBuilder().setName("x").build();

  static Status fail(GreeterClient client) {
    StatusException e = assertThrows(StatusException.class,
        () -> client.withTimeout(Duration.ofSeconds(10)).greet(REQUEST));
    return e.getStatus();
  }

  static void assertSays(Status s, String what) {
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
    assertTrue(s.description().contains(what), s.description());
    assertFalse(s.description().contains("ClosedChannelException"), s.description());
    assertTrue(s.description().length() < 500, "no hex dumps: " + s.description());
  }

  @Test
  void nothingListeningIsRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    for (int i = 0; i < 3; i++) { // each call a new attempt after the backoff: always the same answer
      try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + port)) {
        assertSays(fail(client), "connection refused");
      }
    }
  }

  @Test
  void httpsToAPlaintextPortSaysTheServerDoesNotSpeakTls(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    TripleServer plain = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(new TripleGreeterService().definition()).build().start();
    try (GreeterClient client = GreeterClient.create(TripleChannel.forAddress("127.0.0.1", plain.port())
        .tls(cert.certificate().toFile()).build())) {
      assertSays(fail(client), "does not speak TLS");
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void aMissingClientCertificateIsNamed(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    TripleServer mtls = TripleServer.builder().host("127.0.0.1").port(0)
        .tls(cert.certificate().toFile(), cert.privateKey().toFile(), cert.certificate().toFile())
        .addService(new TripleGreeterService().definition()).build().start();
    try (GreeterClient client = GreeterClient.create(TripleChannel.forAddress("127.0.0.1", mtls.port())
        .tls(cert.certificate().toFile()).build())) {
      assertSays(fail(client), "client certificate");
    } finally {
      mtls.shutdownNow();
    }
  }

  @Test
  void anUntrustedServerCertificateIsNamed(@TempDir Path dir) throws Exception {
    TestCertificate served = TestCertificate.create(dir.resolve("a"));
    TestCertificate trusted = TestCertificate.create(dir.resolve("b"));
    TripleServer tls = TripleServer.builder().host("127.0.0.1").port(0)
        .tls(served.certificate().toFile(), served.privateKey().toFile())
        .addService(new TripleGreeterService().definition()).build().start();
    try (GreeterClient client = GreeterClient.create(TripleChannel.forAddress("127.0.0.1", tls.port())
        .tls(trusted.certificate().toFile()).build())) {
      assertSays(fail(client), "not trusted");
    } finally {
      tls.shutdownNow();
    }
  }

  /** An HTTP/1.1-only server: it answers the HTTP/2 preface with an HTTP/1.1 error. */
  @Test
  void aServerThatDoesNotSpeakHttp2IsNamed() throws Exception {
    try (ServerSocket http1 = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket s = http1.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[64]);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(500);
        } catch (Exception ignored) {
          // the test's assertions say what matters
        }
      });
      server.setDaemon(true);
      server.start();
      try (GreeterClient client = GreeterClient.create("tri://127.0.0.1:" + http1.getLocalPort())) {
        assertSays(fail(client), "does not speak HTTP/2");
      }
    }
  }
}
