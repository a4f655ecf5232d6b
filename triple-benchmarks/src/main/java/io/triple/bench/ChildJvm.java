package io.triple.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harnesses' child JVMs (servers, client workers, the soak's provider), both sides: the
 * parent starts one with the harness's flags and class path and reads the port a server
 * announces; the server announces it and serves until its standard input closes, so a child
 * never outlives a parent that dies without cleaning up, and a parent stops one by closing that
 * input.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} in a JVM of its own: {@code jvmFlags} (blank for none), this class path,
   * a JFR recording into {@code jfrDir}/{@code name}.jfr when {@code jfrDir} is not null, and its
   * standard error on ours.
   */
  static Process start(String jvmFlags, Path jfrDir, String name, Class<?> main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    if (!jvmFlags.isBlank()) {
      cmd.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
    }
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (jfrDir != null) {
      Files.createDirectories(jfrDir);
      cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrDir.resolve(name + ".jfr"));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * Waits for the {@code PORT n} line a server prints when it listens and returns n; the rest of
   * its standard output is read and dropped on a daemon thread, so a chatty server never blocks on
   * a full pipe.
   */
  static int awaitPort(Process server, String what) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        int port = Integer.parseInt(line.substring(5).trim());
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // server gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IOException(what + " exited before printing its port");
  }

  /**
   * Closes {@code child}'s standard input (it then shuts down and exits) and waits for it; kills
   * it if it lingers.
   */
  static void stop(Process child) {
    try {
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      child.destroyForcibly();
    }
  }

  /** The server side: announces {@code port}, serves until standard input closes, then stops. */
  static void announceAndServe(int port, Runnable stop) throws IOException {
    System.out.println("PORT " + port);
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // serve until the harness closes our stdin
    }
    stop.run();
  }
}
