package io.triple.bench.jmh;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.GrpcTimeout;
import io.triple.netty.internal.wire.GrpcHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Header work of every call: user metadata to HTTP/2 headers and back ({@link GrpcHeaders}), the
 * trailers' status, and {@code grpc-timeout} encode/decode ({@link GrpcTimeout}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeadersBenchmark {
  private final Metadata metadata =
      new Metadata()
          .add("x-request-id", "0f8fad5b-d9cb-469f-a165-70867728950e")
          .add("x-tenant", "acme")
          .add("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc")
          .addBinary("trace-bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

  /** What a grpc-java client sends on a call with a deadline and two custom headers. */
  private final Http2Headers requestHeaders =
      new DefaultHttp2Headers(false)
          .method(AsciiString.of("POST"))
          .scheme(AsciiString.of("http"))
          .path(AsciiString.of("/triple.bench.BenchService/Unary"))
          .authority(AsciiString.of("127.0.0.1:50051"))
          .add(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.APPLICATION_GRPC)
          .add(GrpcHeaders.TE, GrpcHeaders.TRAILERS)
          .add(GrpcHeaders.USER_AGENT, AsciiString.of("grpc-java-netty/1.85.1"))
          .add(GrpcHeaders.GRPC_ACCEPT_ENCODING, AsciiString.of("gzip"))
          .add(GrpcHeaders.GRPC_TIMEOUT, AsciiString.of("999870u"))
          .add(AsciiString.of("x-request-id"), AsciiString.of("0f8fad5b-d9cb-469f-a165-70867728950e"))
          .add(AsciiString.of("x-tenant"), AsciiString.of("acme"));

  private final Http2Headers okTrailers = new DefaultHttp2Headers(false);
  private final Http2Headers errorTrailers = new DefaultHttp2Headers(false);

  {
    GrpcHeaders.addStatus(okTrailers, Status.OK);
    GrpcHeaders.addStatus(
        errorTrailers, Status.NOT_FOUND.withDescription("user 42 not found: 100% gone ✓"));
  }

  @Benchmark
  public Http2Headers metadataToHeaders() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addMetadata(h, metadata);
    return h;
  }

  @Benchmark
  public Metadata headersToMetadata() {
    return GrpcHeaders.toMetadata(requestHeaders);
  }

  @Benchmark
  public Http2Headers statusToTrailers() {
    Http2Headers h = new DefaultHttp2Headers(false);
    GrpcHeaders.addStatus(h, Status.OK);
    return h;
  }

  @Benchmark
  public Status trailersToStatusOk() {
    return GrpcHeaders.statusFromTrailers(okTrailers);
  }

  @Benchmark
  public Status trailersToStatusWithMessage() {
    return GrpcHeaders.statusFromTrailers(errorTrailers);
  }

  // Non-final fields so the JIT cannot fold the calls to constants.
  private long timeoutNanos = 1_234_567_891L;
  private String timeoutHeader = new String("999870u");

  @Benchmark
  public String grpcTimeoutEncode() {
    return GrpcTimeout.encode(timeoutNanos);
  }

  @Benchmark
  public long grpcTimeoutDecode() {
    return GrpcTimeout.decode(timeoutHeader);
  }
}
