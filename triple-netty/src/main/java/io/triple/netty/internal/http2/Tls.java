package io.triple.netty.internal.http2;

import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS for the transport: HTTP/2 over TLS needs "h2" negotiated through ALPN (RFC 7540 section
 * 3.3; gRPC clients and servers insist on it), so every context here offers h2: clients only
 * h2, servers h2 first and then "http/1.1" for Triple's plain-HTTP unary calls.
 */
public final class Tls {
  private static final ApplicationProtocolConfig H2_ONLY = new ApplicationProtocolConfig(
      Protocol.ALPN,
      SelectorFailureBehavior.NO_ADVERTISE,
      SelectedListenerFailureBehavior.ACCEPT,
      ApplicationProtocolNames.HTTP_2);
  /**
   * Servers also offer "http/1.1", after "h2": Triple's unary calls with JSON or protobuf bodies
   * work over it (curl --http1.1, browsers' fetch over HTTP/1.1). gRPC clients offer only h2.
   */
  private static final ApplicationProtocolConfig SERVER = new ApplicationProtocolConfig(
      Protocol.ALPN,
      SelectorFailureBehavior.NO_ADVERTISE,
      SelectedListenerFailureBehavior.ACCEPT,
      ApplicationProtocolNames.HTTP_2,
      ApplicationProtocolNames.HTTP_1_1);

  private Tls() {}

  /** A server context from a PEM certificate chain and a PEM (PKCS#8) private key. */
  public static SslContext server(File certificateChain, File privateKey) {
    return server(certificateChain, privateKey, null);
  }

  /**
   * As {@link #server(File, File)}; with {@code trustedClients} (PEM certificates) not null,
   * clients must present a certificate they sign (mutual TLS).
   */
  public static SslContext server(File certificateChain, File privateKey, File trustedClients) {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    try {
      SslContextBuilder b = SslContextBuilder.forServer(certificateChain, privateKey)
          .applicationProtocolConfig(SERVER);
      if (trustedClients != null) {
        b.trustManager(trustedClients).clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot use certificate chain " + certificateChain
          + " and private key " + privateKey + " for TLS: " + e.getMessage(), e);
    }
  }

  /**
   * A client context trusting the PEM certificates in {@code trusted}, or the JDK's default
   * trusted authorities if null. The server's certificate must match the host connected to.
   */
  public static SslContext client(File trusted) {
    return client(trusted, null, null);
  }

  /**
   * As {@link #client(File)}; with {@code certificateChain} and {@code privateKey} (PEM) not
   * null, the client presents that certificate to servers that ask (mutual TLS).
   */
  public static SslContext client(File trusted, File certificateChain, File privateKey) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient()
          .applicationProtocolConfig(H2_ONLY)
          .endpointIdentificationAlgorithm("HTTPS");
      if (trusted != null) {
        b.trustManager(trusted);
      }
      if (certificateChain != null) {
        b.keyManager(certificateChain, privateKey);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot use " + (trusted == null ? "the default trust store"
          : "trusted certificates " + trusted) + " for TLS: " + e.getMessage(), e);
    }
  }

  /** {@code context}, if it is for {@code server} side and offers h2 through ALPN. */
  public static SslContext checked(SslContext context, boolean server) {
    Objects.requireNonNull(context, "sslContext");
    if (context.isServer() != server) {
      throw new IllegalArgumentException("Expected a " + (server ? "server" : "client")
          + " SslContext, got a " + (context.isServer() ? "server" : "client") + " one");
    }
    if (context.applicationProtocolNegotiator() == null
        || !context.applicationProtocolNegotiator().protocols().contains(ApplicationProtocolNames.HTTP_2)) {
      throw new IllegalArgumentException("The SslContext must offer \"h2\" through ALPN"
          + " (SslContextBuilder.applicationProtocolConfig): HTTP/2 over TLS is negotiated so");
    }
    return context;
  }
}
