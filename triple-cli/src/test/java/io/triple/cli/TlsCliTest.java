package io.triple.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.cli.testing.EchoTriple;
import io.triple.server.TripleServer;
import io.triple.services.ProtoReflectionService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS: a server that asks for a client certificate, over gRPC and over the JDK's HttpClient. */
class TlsCliTest {
  @TempDir
  static Path dir;
  private static TripleServer server;
  private static String cert;
  private static String key;
  private static String target;

  @BeforeAll
  static void start() throws Exception {
    makeCertificate();
    // One self-signed certificate for both ends: the server trusts it for clients too.
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .tls(Paths.get(cert).toFile(), Paths.get(key).toFile(), Paths.get(cert).toFile())
        .addService(EchoTriple.bindService(new EchoService()))
        .addService(ProtoReflectionService.create())
        .build().start();
    target = "https://localhost:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  @Test
  void mutualTlsOverGrpcAndHttp() {
    for (String protocol : new String[] {"grpc", "http1"}) {
      Cli r = Cli.run("call", target, "clitest.Echo/Unary", "--protocol", protocol,
          "--cacert", cert, "--cert", cert, "--key", key, "-d", "{\"text\":\"secure\"}");
      assertEquals(0, r.exit(), r::toString);
      assertEquals("{\"text\":\"secure\"}\n", r.out());
    }
  }

  @Test
  void withoutClientCertificateTheCallFails() {
    Cli r = Cli.run("list", target, "--cacert", cert);
    assertEquals(64 + 14, r.exit(), r::toString);
    assertTrue(r.err().startsWith("ERROR:\n  Code: Unavailable\n"), r::toString);
  }

  @Test
  void insecureSkipsTheServerCheckButNotTheClientCertificate() {
    Cli r = Cli.run("list", "127.0.0.1:" + server.port(), "--insecure", "--cert", cert, "--key", key);
    assertEquals(0, r.exit(), r::toString);
    assertEquals("clitest.Echo\ngrpc.reflection.v1.ServerReflection\n", r.out());

    Cli untrusted = Cli.run("list", target, "--cert", cert, "--key", key);
    assertEquals(64 + 14, untrusted.exit(), untrusted::toString);
  }

  /** EC P-256 (quick to make, unlike RSA), CN=localhost, SAN localhost and 127.0.0.1, by the JDK's keytool, as PEM files. */
  private static void makeCertificate() throws Exception {
    Path p12 = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", p12.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate c = ks.getCertificate("server");
    PrivateKey k = (PrivateKey) ks.getKey("server", "changeit".toCharArray());
    cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", c.getEncoded());
    key = pem(dir.resolve("key.pem"), "PRIVATE KEY", k.getEncoded());
  }

  private static String pem(Path file, String type, byte[] der) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    return file.toString();
  }
}
