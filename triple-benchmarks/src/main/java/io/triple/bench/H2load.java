package io.triple.bench;

import io.triple.bench.Scenario.Kind;
import io.triple.bench.proto.StreamRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * h2load (Debian package nghttp2-client) as the neutral client for unary and server-streaming
 * calls: one connection, {@code -m} streams in flight, POSTing a pre-encoded gRPC body; its
 * output parsed into a {@link Measurement}.
 */
final class H2load {
  private final Map<String, Integer> ports;
  private final long warmupMs;
  private final long measureMs;
  private final List<String> notes;
  private final Path tmp;

  /**
   * {@code ports}: the servers', by server ("ours", "grpc"); what the report should say about a
   * check goes to {@code notes}.
   */
  H2load(Map<String, Integer> ports, long warmupMs, long measureMs, List<String> notes)
      throws IOException {
    this.ports = ports;
    this.warmupMs = warmupMs;
    this.measureMs = measureMs;
    this.notes = notes;
    this.tmp = Files.createTempDirectory("triple-bench");
  }

  /** What {@code h2load --version} prints, or null when h2load cannot run. */
  static String version() {
    try {
      Process p = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  /** A request body file: the gRPC 5-byte prefix and the serialized payload. */
  private Path bodyFile(int size) throws IOException {
    return bodyFile("body-" + size, Payloads.ofSize(size).toByteArray());
  }

  /** h2load's request body for a scenario: a payload to echo, or what to stream. */
  private Path bodyFile(Scenario sc) throws IOException {
    if (sc.kind() != Kind.STREAM) {
      return bodyFile(sc.size());
    }
    StreamRequest r =
        StreamRequest.newBuilder().setMessageSize(sc.size()).setCount(sc.perCall()).build();
    return bodyFile("stream-" + sc.size() + "x" + sc.perCall(), r.toByteArray());
  }

  private Path bodyFile(String name, byte[] msg) throws IOException {
    Path f = tmp.resolve(name + ".bin");
    if (!Files.exists(f)) {
      ByteBuffer b = ByteBuffer.allocate(5 + msg.length);
      b.put((byte) 0).putInt(msg.length).put(msg);
      Files.write(f, b.array());
    }
    return f;
  }

  private String url(String server, String method) {
    return "http://127.0.0.1:" + ports.get(server) + "/" + GrpcBenchService.SERVICE_NAME + "/" + method;
  }

  /** h2load checks only the HTTP status: check grpc-status with one call through nghttp. */
  void verifyGrpcStatus(String server) throws Exception {
    verifyGrpcStatus(server, "Unary", bodyFile(1024));
    Scenario stream = new Scenario("stream check", Kind.STREAM, 100, 1, 1000, true);
    verifyGrpcStatus(server, "ServerStream", bodyFile(stream));
  }

  private void verifyGrpcStatus(String server, String method, Path body) throws Exception {
    List<String> cmd =
        List.of(
            "nghttp",
            "-v",
            "-d",
            body.toString(),
            "-H",
            "content-type: application/grpc",
            "-H",
            "te: trailers",
            url(server, method));
    String out;
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      notes.add("nghttp not found: grpc-status of the h2load request was not verified.");
      return;
    }
    Matcher m = Pattern.compile("grpc-status: (\\d+)").matcher(out);
    String status = m.find() ? m.group(1) : "missing";
    String line = "h2load's " + method + " request verified with one nghttp call: "
        + LoadReport.name(server) + " answered grpc-status " + status;
    System.out.println(line);
    if (!status.equals("0")) {
      notes.add("WARNING: " + line + "; its h2load figures do not count gRPC failures.");
      System.err.println(out);
    }
  }

  /** One measurement of {@code sc} against {@code server}: h2load's own warmup, then measured. */
  Measurement measure(Scenario sc, String server) throws Exception {
    List<String> cmd =
        List.of(
            "h2load",
            "-c",
            "1",
            "-t",
            "1",
            "-m",
            Integer.toString(sc.inflight()),
            "-D",
            measureMs + "ms",
            "--warm-up-time=" + warmupMs + "ms",
            "-d",
            bodyFile(sc).toString(),
            "-H",
            "content-type: application/grpc",
            "-H",
            "te: trailers",
            url(server, sc.kind() == Kind.STREAM ? "ServerStream" : "Unary"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(warmupMs + measureMs + 60_000, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      System.err.println(out);
      return Workload.failed("h2load failed");
    }
    Matcher rate = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s").matcher(out);
    Matcher reqs =
        Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed")
            .matcher(out);
    Matcher mean =
        Pattern.compile("time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(out);
    if (!rate.find() || !reqs.find()) {
      System.err.println(out);
      return Workload.failed("cannot parse h2load output");
    }
    long failedReqs = Long.parseLong(reqs.group(4));
    double r = Double.parseDouble(rate.group(1));
    if (sc.kind() == Kind.STREAM) {
      // One h2load request is one streaming call of perCall messages.
      double msgs = r * sc.perCall();
      return new Measurement(msgs, msgs * sc.size() / (1 << 20), -1, -1, -1, failedReqs, null);
    }
    String note = mean.find() ? "mean " + mean.group(3) : null;
    return new Measurement(
        r, r * (sc.size() + 5) / (1 << 20), -1, -1, -1, failedReqs, note);
  }
}
