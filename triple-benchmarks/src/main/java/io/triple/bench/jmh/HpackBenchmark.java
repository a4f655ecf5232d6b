package io.triple.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;
import io.triple.Metadata;
import io.triple.netty.internal.http2.UniquePerCall;
import io.triple.netty.internal.wire.GrpcHeaders;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request's headers through HPACK, as our client sends them and our server reads them: built
 * as {@code NettyClientCall} builds them (a {@code traceparent} through the call's {@link Metadata},
 * as the propagator sets it), encoded by the connection's encoder, decoded (and
 * validated) by the peer's decoder, both keeping their dynamic tables from call to call. {@code
 * extra}: nothing more, a {@code grpc-timeout} (a call with a deadline), a fresh W3C {@code
 * traceparent} per call (what tracing adds, sampled or not), or both. {@code policy}: Netty's
 * default (every header indexed) or {@link UniquePerCall} (values new on every call skip the
 * tables). The ns per op is both ends' HPACK work for one call's request headers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HpackBenchmark {
  private static final int VALUES = 4096;
  private static final AsciiString PATH = AsciiString.cached("/triple.bench.BenchService/Unary");
  private static final AsciiString AUTHORITY = AsciiString.cached("127.0.0.1:50051");
  private static final AsciiString USER_AGENT = AsciiString.cached("triple-java/1.0");

  @Param({"none", "timeout", "traceparent", "traceparent+timeout"})
  public String extra;

  @Param({"indexed", "unique-per-call"})
  public String policy;

  private DefaultHttp2HeadersEncoder encoder;
  private DefaultHttp2HeadersDecoder decoder;
  /** Distinct values, as Strings: the propagator hands a String to the metadata. */
  private final String[] traceparents = new String[VALUES];
  private final String[] timeouts = new String[VALUES];
  private int next;
  private long bytes;
  private long calls;

  @Setup(Level.Trial)
  public void setUp() {
    Http2HeadersEncoder.SensitivityDetector detector =
        policy.equals("indexed") ? Http2HeadersEncoder.NEVER_SENSITIVE : new UniquePerCall();
    encoder = new DefaultHttp2HeadersEncoder(detector);
    decoder = new DefaultHttp2HeadersDecoder(true);
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < VALUES; i++) {
      traceparents[i] = String.format("00-%016x%016x-%016x-01", r.nextLong(), r.nextLong(), r.nextLong());
      timeouts[i] = (4_990_000 + r.nextInt(10_000)) + "u";
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.printf("%n%s %s: %.1f header block bytes per call%n", extra, policy, (double) bytes / calls);
  }

  @Benchmark
  public Http2Headers encodeAndDecode() throws Exception {
    int i = next++ & (VALUES - 1);
    Http2Headers h = new DefaultHttp2Headers(false)
        .method(GrpcHeaders.POST)
        .scheme(GrpcHeaders.HTTP)
        .path(PATH)
        .authority(AUTHORITY);
    h.set(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.APPLICATION_GRPC);
    h.set(GrpcHeaders.TE, GrpcHeaders.TRAILERS);
    h.set(GrpcHeaders.USER_AGENT, USER_AGENT);
    h.set(GrpcHeaders.GRPC_ACCEPT_ENCODING, GrpcHeaders.ACCEPTED_ENCODINGS);
    if (extra.contains("timeout")) {
      h.set(GrpcHeaders.GRPC_TIMEOUT, timeouts[i]);
    }
    if (extra.startsWith("traceparent")) {
      // as the propagator's setter and the client's header building hand it over
      Metadata md = new Metadata().add("traceparent", traceparents[i]);
      GrpcHeaders.addMetadata(h, md);
    }
    ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
    try {
      encoder.encodeHeaders(1, h, out);
      bytes += out.readableBytes();
      calls++;
      return decoder.decodeHeaders(1, out);
    } finally {
      out.release();
    }
  }
}
