package io.triple.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An interop peer run in its own JVM: grpc-java's reference interop client or server, with the
 * class path the triple-interop-peer module wrote, or Apache Dubbo Java, with the
 * triple-interop-dubbo-peer module's classes and class path (both bring protobuf-java 3 and
 * netty 4.1, which must not share a class path with ours). Output goes to a log file under
 * target/interop.
 */
final class PeerProcess implements AutoCloseable {
  static final String CLIENT_MAIN = "io.grpc.testing.integration.TestServiceClient";
  static final String SERVER_MAIN = "io.grpc.testing.integration.TestServiceServer";
  static final String DUBBO_MAIN = "io.triple.interop.dubbo.DubboPeer";

  private final Process process;
  final Path log;

  private PeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts grpc-java's {@code mainClass} with {@code args}; output (both streams) goes to {@code
   * logName}.
   */
  static PeerProcess start(String mainClass, String logName, String... args) throws IOException {
    return start(grpcClasspath(), mainClass, logName, List.of(), args);
  }

  /** Starts the Dubbo Java peer ({@code server PORT} or {@code client PORT}). */
  static PeerProcess startDubbo(String logName, String... args) throws IOException {
    return startDubbo(logName, List.of(), args);
  }

  /**
   * Starts the Dubbo Java peer with more JVM flags, e.g. Dubbo's settings as system properties
   * ({@code -Ddubbo.application.register-mode=instance}).
   */
  static PeerProcess startDubbo(String logName, List<String> dubboFlags, String... args) throws IOException {
    return start(dubboClasspath(), DUBBO_MAIN, logName, dubboJvmFlags(dubboFlags), args);
  }

  /**
   * Starts {@code mainClass} of the Dubbo peer with protobuf-java taken off its class path: Dubbo
   * then has no MetadataServiceV2 ({@code MetadataServiceV2Detector.support()} is
   * {@code ClassUtils.hasProtobuf()}) and serves and calls only the V1 MetadataService.
   */
  static PeerProcess startDubboWithoutProtobuf(String mainClass, String logName, List<String> dubboFlags,
      String... args) throws IOException {
    StringBuilder classpath = new StringBuilder();
    for (String entry : dubboClasspath().split(java.io.File.pathSeparator)) {
      if (!Paths.get(entry).getFileName().toString().startsWith("protobuf-java")) {
        classpath.append(classpath.length() == 0 ? "" : java.io.File.pathSeparator).append(entry);
      }
    }
    return start(classpath.toString(), mainClass, logName, dubboJvmFlags(dubboFlags), args);
  }

  private static List<String> dubboJvmFlags(List<String> dubboFlags) throws IOException {
    // Dubbo's client never connects to a loopback address: it swaps 127.x for the machine's
    // own (NetUtils.filterLocalHost), which our 127.0.0.1-bound test servers do not listen on.
    // With every interface ignored and the host name resolving to 127.0.0.1, the machine's own
    // address Dubbo finds is 127.0.0.1, and the test traffic stays on loopback.
    Path hosts = outputDir().resolve("dubbo-hosts");
    Files.createDirectories(hosts.getParent());
    Files.writeString(hosts, "127.0.0.1 localhost " + localHostName() + "\n");
    List<String> flags = new ArrayList<>(List.of(
        "-Ddubbo.network.interface.ignored=.*", "-Djdk.net.hosts.file=" + hosts.toAbsolutePath()));
    flags.addAll(dubboFlags);
    return flags;
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static PeerProcess start(String classpath, String mainClass, String logName,
      List<String> jvmFlags, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived JVMs: class-data sharing and C1 only start fastest on two cores.
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    Path log = outputDir().resolve(logName);
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new PeerProcess(p, log);
  }

  /** Waits for the process to exit; kills it and returns -1 if it takes longer than timeout. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return -1;
    }
    return process.exitValue();
  }

  /** Waits until {@code port} on 127.0.0.1 accepts connections (the server is up). */
  void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("peer process exited with " + process.exitValue()
            + " before listening on " + port + ":\n" + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("peer server not listening on " + port + " after " + timeout
        + ":\n" + output());
  }

  /** What the process printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path outputDir() {
    return Paths.get(System.getProperty("interop.output.dir", "target/interop"));
  }

  private static String dubboClasspath() throws IOException {
    Path dir = Paths.get(System.getProperty(
        "interop.dubbo.peer.dir", "../triple-interop-dubbo-peer/target"));
    Path file = dir.resolve("peer-classpath.txt");
    if (!Files.exists(file) || !Files.isDirectory(dir.resolve("classes"))) {
      throw new IllegalStateException("No Dubbo peer classes or class path file in "
          + dir.toAbsolutePath()
          + ": build the triple-interop-dubbo-peer module first (./mvnw -pl triple-interop -am verify)");
    }
    return dir.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  static String grpcClasspath() throws IOException {
    Path file = Paths.get(System.getProperty(
        "interop.peer.classpath", "../triple-interop-peer/target/peer-classpath.txt"));
    if (!Files.exists(file)) {
      throw new IllegalStateException("No grpc-java class path file at " + file.toAbsolutePath()
          + ": build the triple-interop-peer module first (./mvnw -pl triple-interop -am verify)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
