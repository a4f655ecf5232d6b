package io.triple.bench;

import io.triple.bench.proto.SoakServiceTriple;
import io.triple.server.TripleServer;
import java.io.UncheckedIOException;

/**
 * The soak's provider, a JVM of its own that {@link Soak} kills and restarts: {@code SoakProvider
 * PORT} (0 for any) serves {@link SoakServiceImpl} on 127.0.0.1 with our server's defaults,
 * prints {@code PORT n} and serves until its standard input closes.
 */
public final class SoakProvider {
  /** How long a restarted provider keeps trying to bind the port its predecessor held. */
  private static final long BIND_RETRY_MS = 10_000;

  private SoakProvider() {}

  public static void main(String[] args) throws Exception {
    TripleServer server = start(Integer.parseInt(args[0]));
    ChildJvm.announceAndServe(server.port(), server::shutdownNow);
    System.exit(0);
  }

  private static TripleServer start(int port) throws InterruptedException {
    long giveUp = System.currentTimeMillis() + BIND_RETRY_MS;
    while (true) {
      try {
        return TripleServer.builder()
            .host("127.0.0.1")
            .port(port)
            .addService(SoakServiceTriple.bindService(new SoakServiceImpl()))
            .build()
            .start();
      } catch (UncheckedIOException e) {
        // The killed predecessor's socket may linger a moment (our server binds with
        // SO_REUSEADDR, so this is a safety net rather than the rule).
        if (port == 0 || System.currentTimeMillis() > giveUp) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
