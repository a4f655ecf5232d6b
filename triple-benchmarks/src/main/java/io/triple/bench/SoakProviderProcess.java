package io.triple.bench;

import java.io.IOException;

/** The soak's provider JVM ({@link SoakProvider}), as the soak starts, kills and stops it. */
final class SoakProviderProcess {
  private final Process process;
  private final int port;

  private SoakProviderProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a provider on {@code port} (0: any) and waits until it listens. */
  static SoakProviderProcess start(String jvmFlags, int port) throws IOException {
    Process p = ChildJvm.start(jvmFlags, null, "soak-provider", SoakProvider.class, Integer.toString(port));
    try {
      return new SoakProviderProcess(p, ChildJvm.awaitPort(p, "the soak provider"));
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * SIGKILL, as a crash or an OOM killer would: no shutdown hook, no GOAWAY, sockets closed by the
   * kernel. Returns {@link System#nanoTime()} just before the signal, once the process has died.
   */
  long kill() throws InterruptedException {
    long signalled = System.nanoTime();
    process.destroyForcibly();
    process.waitFor();
    return signalled;
  }

  /** Closes its standard input (it then shuts down) and waits for it; kills it if it lingers. */
  void stop() {
    ChildJvm.stop(process);
  }
}
