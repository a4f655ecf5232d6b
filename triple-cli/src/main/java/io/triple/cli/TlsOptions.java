package io.triple.cli;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;

/** TLS and mutual TLS options; TLS is on with {@code --tls}, any of the others, or an https:// target. */
final class TlsOptions {
  @Option(names = "--tls", description = "Connect with TLS (implied by https:// and the options below).")
  boolean tls;

  @Option(names = "--cacert", paramLabel = "FILE", description = "PEM certificates to trust instead of the JDK's authorities.")
  File caCert;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate chain, for mutual TLS (with --key).")
  File cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM (PKCS#8) private key of --cert.")
  File key;

  @Option(names = "--insecure", description = "TLS without checking the server's certificate or host name.")
  boolean insecure;

  boolean enabled(Target target) {
    return tls || target.https() || caCert != null || cert != null || insecure;
  }

  private SslContextBuilder builder(SslProvider provider, String... alpn) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("--cert and --key go together");
    }
    SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider)
        .applicationProtocolConfig(new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            alpn));
    if (insecure) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else {
      b.endpointIdentificationAlgorithm("HTTPS");
      if (caCert != null) {
        b.trustManager(caCert);
      }
    }
    if (cert != null) {
      b.keyManager(cert, key);
    }
    return b;
  }

  /** For our gRPC channel (Netty): offers h2 only, as gRPC needs. */
  SslContext nettyContext() {
    try {
      return builder(SslContext.defaultClientProvider(), ApplicationProtocolNames.HTTP_2).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new CliException("Cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * For the JDK's HttpClient (Connect, gRPC-Web, plain HTTP): the same trust and key material as
   * a JDK SSLContext (the HttpClient negotiates h2 or http/1.1 itself).
   */
  SSLContext jdkContext() {
    if (insecure) {
      // The HttpClient checks host names itself; this switch is read when its class loads.
      System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }
    try {
      SslContext ctx = builder(SslProvider.JDK, ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1).build();
      return ((JdkSslContext) ctx).context();
    } catch (SSLException | IllegalArgumentException e) {
      throw new CliException("Cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
