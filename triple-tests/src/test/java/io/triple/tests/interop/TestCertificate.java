package io.triple.tests.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for tests, made by the JDK's keytool (RSA 2048, CN=localhost, subject
 * alternative names localhost and 127.0.0.1, valid 2 days), written as PEM files.
 *
 * @param certificate the certificate, PEM
 * @param privateKey its private key, PKCS#8 PEM
 */
public record TestCertificate(Path certificate, Path privateKey) {
  public static TestCertificate create(Path dir) throws IOException, InterruptedException {
    return create(dir, "localhost", "dns:localhost,ip:127.0.0.1");
  }

  /** A certificate for {@code commonName} with these subject alternative names (keytool syntax). */
  public static TestCertificate create(Path dir, String commonName, String subjectAltNames)
      throws IOException, InterruptedException {
    dir = Files.createDirectories(dir.resolve(commonName));
    Path p12 = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(
        Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
        "-keystore", p12.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    try (var in = Files.newInputStream(p12)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      Certificate c = ks.getCertificate("server");
      PrivateKey k = (PrivateKey) ks.getKey("server", "changeit".toCharArray());
      return new TestCertificate(
          pem(dir.resolve("cert.pem"), "CERTIFICATE", c.getEncoded()),
          pem(dir.resolve("key.pem"), "PRIVATE KEY", k.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static Path pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
