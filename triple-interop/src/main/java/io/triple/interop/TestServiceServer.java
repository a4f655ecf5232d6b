package io.triple.interop;

import io.triple.interop.testing.TestServiceTriple;
import io.triple.server.TripleServer;
import java.util.Map;

/**
 * The gRPC interop test server on triple-java. Flags as in grpc's interop-test-descriptions:
 * {@code --port=N} (default 8080) and {@code --use_tls} (default false). Serves {@code
 * grpc.testing.TestService} until killed. Ours besides them: {@code --tls_cert_file=PEM} and
 * {@code --tls_key_file=PEM} (PKCS#8), the certificate chain and key {@code --use_tls=true} serves
 * with (the spec's servers carry grpc's test certificates built in; this one takes files), and
 * {@code --cors_allowed_origins=ORIGIN[,ORIGIN...]}, the browser origins whose pages may call it
 * (gRPC-Web, Connect; see docs/http.md), for the browser peer in interop-peers/browser.
 */
public final class TestServiceServer {
  /** Large enough for very_large_request (a 10 MiB payload) with room to spare, as grpc-java's. */
  public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  private TestServiceServer() {}

  /** A started server on {@code host:port} (port 0 picks a free one). */
  public static TripleServer start(String host, int port) {
    return start(host, port, new String[0]);
  }

  /** As {@link #start(String, int)}, answering browser pages from {@code corsOrigins}. */
  public static TripleServer start(String host, int port, String... corsOrigins) {
    return start(host, port, null, null, corsOrigins);
  }

  /** As above, with TLS (HTTP/2 through ALPN) when {@code cert} and {@code key} are given. */
  public static TripleServer start(String host, int port, java.io.File cert, java.io.File key,
      String... corsOrigins) {
    TripleServer.Builder b = TripleServer.builder();
    if (cert != null) {
      b.tls(cert, key);
    }
    return b
        .host(host)
        .port(port)
        .corsAllowedOrigins(corsOrigins)
        .maxInboundMessageSize(MAX_MESSAGE_SIZE)
        .addService(TestServiceTriple.bindService(new TestServiceImpl()))
        .build()
        .start();
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> flags;
    try {
      flags = Flags.parse(args, "port", "use_tls", "tls_cert_file", "tls_key_file", "cors_allowed_origins");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("Usage: TestServiceServer [--port=8080] [--use_tls=false]"
          + " [--tls_cert_file=PEM --tls_key_file=PEM] [--cors_allowed_origins=ORIGIN,...]");
      System.exit(2);
      return;
    }
    java.io.File cert = null;
    java.io.File key = null;
    if (Boolean.parseBoolean(flags.getOrDefault("use_tls", "false"))) {
      if (!flags.containsKey("tls_cert_file") || !flags.containsKey("tls_key_file")) {
        System.err.println("--use_tls=true needs --tls_cert_file=PEM and --tls_key_file=PEM (PKCS#8): this"
            + " server has no test certificate built in");
        System.exit(2);
      }
      cert = new java.io.File(flags.get("tls_cert_file"));
      key = new java.io.File(flags.get("tls_key_file"));
    }
    int port = Integer.parseInt(flags.getOrDefault("port", "8080"));
    String cors = flags.getOrDefault("cors_allowed_origins", "");
    TripleServer server = start("0.0.0.0", port, cert, key, cors.isEmpty() ? new String[0] : cors.split(","));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "interop-server-shutdown"));
    System.out.println("Server started on port " + server.port());
    server.blockUntilShutdown();
  }
}
