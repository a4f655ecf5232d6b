package io.triple.interop;

import io.triple.interop.testing.TestServiceTriple;
import io.triple.server.TripleServer;
import java.util.Map;

/**
 * The gRPC interop test server on triple-java. Flags as in grpc's interop-test-descriptions:
 * {@code --port=N} (default 8080) and {@code --use_tls=false} (TLS is not wired in here: the server
 * speaks cleartext HTTP/2 only). Serves {@code grpc.testing.TestService} until killed. Ours besides
 * them: {@code --cors_allowed_origins=ORIGIN[,ORIGIN...]}, the browser origins whose pages may call
 * it (gRPC-Web, Connect; see docs/http.md), for the browser peer in interop-peers/browser.
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
    return TripleServer.builder()
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
      flags = Flags.parse(args, "port", "use_tls", "cors_allowed_origins");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("Usage: TestServiceServer [--port=8080] [--use_tls=false] [--cors_allowed_origins=ORIGIN,...]");
      System.exit(2);
      return;
    }
    if (Boolean.parseBoolean(flags.getOrDefault("use_tls", "false"))) {
      System.err.println("--use_tls=true is not supported by this interop server (it serves cleartext HTTP/2 only; see docs/tls.md for the transport's TLS)");
      System.exit(2);
    }
    int port = Integer.parseInt(flags.getOrDefault("port", "8080"));
    String cors = flags.getOrDefault("cors_allowed_origins", "");
    TripleServer server = start("0.0.0.0", port, cors.isEmpty() ? new String[0] : cors.split(","));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "interop-server-shutdown"));
    System.out.println("Server started on port " + server.port());
    server.blockUntilShutdown();
  }
}
