package io.triple.tls;

import io.netty.handler.ssl.SslContext;
import io.triple.netty.internal.http2.Tls;
import java.io.File;

/**
 * Netty {@link SslContext}s for triple-java servers and channels from PEM files, offering HTTP/2
 * through ALPN as gRPC requires; for code that builds one context and shares it among many
 * channels ({@code TripleChannel.Builder.tls(SslContext)}, {@code TripleServer.Builder.tls(SslContext)}).
 * Bad files fail here, with the file names, not at the first call.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * A server context: the PEM certificate chain (the server's certificate first) and PEM private
   * key (PKCS#8, unencrypted); with {@code trustedClients} (PEM certificates) not null, clients
   * must present a certificate they sign (mutual TLS).
   */
  public static SslContext server(File certificateChain, File privateKey, File trustedClients) {
    return Tls.server(certificateChain, privateKey, trustedClients);
  }

  /**
   * A client context trusting the PEM certificates in {@code trusted} (null: the JDK's default
   * authorities); with {@code certificateChain} and {@code privateKey} not null, it presents that
   * client certificate to servers that ask for one.
   */
  public static SslContext client(File trusted, File certificateChain, File privateKey) {
    return Tls.client(trusted, certificateChain, privateKey);
  }
}
