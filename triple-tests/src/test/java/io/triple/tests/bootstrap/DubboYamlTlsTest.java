package io.triple.tests.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triple.Status;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.tests.interop.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dubbo.ssl: a provider and a reference started from dubbo.yaml talk over TLS. */
class DubboYamlTlsTest {
  /**
   * Starts a greeter provider from a dubbo.yaml whose {@code dubbo.ssl} section is {@code ssl}
   * (CERT and KEY stand for the certificate's files), with a reference "greeter" to it.
   */
  private static Dubbo start(Path dir, TestCertificate cert, int port, String ssl) throws Exception {
    Path yaml = Files.writeString(dir.resolve("dubbo.yaml"), ("""
        dubbo:
          ssl:
        SSL
          protocols:
            triple:
              ip: 127.0.0.1
              port: PORT
          provider:
            services:
              GreeterProvider:
                interface: org.apache.dubbo.sample.tri.Greeter
          consumer:
            references:
              greeter:
                interface: org.apache.dubbo.sample.tri.Greeter
                url: tri://127.0.0.1:PORT
        """).replace("SSL", ssl.stripTrailing())
            .replace("CERT", cert.certificate().toString())
            .replace("KEY", cert.privateKey().toString())
            .replace("PORT", Integer.toString(port)));
    return Dubbo.create()
        .withConfig(new ConfigLoader().load(yaml))
        .register(GreeterTriple.bindService(new DubboYamlBootstrapTest.Hello()))
        .start();
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A call from a client that must be refused, not served. */
  private static void assertRefused(GreeterClient client) {
    StatusException e = assertThrows(StatusException.class, () -> client
        .withTimeout(Duration.ofSeconds(20)).greet(GreeterRequest.newBuilder().setName("x").build()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().code(), e.getStatus().toString());
  }

  @Test
  void providerAndReferenceOverTls(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    int port = freePort();
    try (Dubbo dubbo = start(dir, cert, port, """
            server-key-cert-chain-path: CERT
            server-private-key-path: KEY
            client-trust-cert-collection-path: CERT
        """)) {
      GreeterClient viaReference = GreeterClient.create(dubbo.channel("greeter"));
      assertEquals("hello, tls", viaReference.greet(
          GreeterRequest.newBuilder().setName("tls").build()).getMessage());
      // The server speaks only TLS: a cleartext client is refused, not served.
      try (GreeterClient cleartext = GreeterClient.create("tri://127.0.0.1:" + port)) {
        assertRefused(cleartext);
      }
    }
  }

  /** Mutual TLS: the server requires a client certificate; the reference presents one. */
  @Test
  void mutualTls(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir); // the server's and the client's
    int port = freePort();
    try (Dubbo dubbo = start(dir, cert, port, """
            server-key-cert-chain-path: CERT
            server-private-key-path: KEY
            server-trust-cert-collection-path: CERT
            client-trust-cert-collection-path: CERT
            client-key-cert-chain-path: CERT
            client-private-key-path: KEY
        """)) {
      GreeterClient viaReference = GreeterClient.create(dubbo.channel("greeter"));
      assertEquals("hello, mtls", viaReference.greet(
          GreeterRequest.newBuilder().setName("mtls").build()).getMessage());
      // A channel built in code with the same client certificate is let in too.
      try (GreeterClient direct = GreeterClient.create(io.triple.client.TripleChannel
          .forAddress("127.0.0.1", port)
          .tls(cert.certificate().toFile(), cert.certificate().toFile(), cert.privateKey().toFile()).build())) {
        assertEquals("hello, direct", direct.greet(GreeterRequest.newBuilder().setName("direct").build()).getMessage());
      }
      // A TLS client without a certificate is turned away during the handshake.
      try (GreeterClient anonymous = GreeterClient.create(io.triple.client.TripleChannel
          .forAddress("127.0.0.1", port).tls(cert.certificate().toFile()).build())) {
        assertRefused(anonymous);
      }
    }
  }
}
