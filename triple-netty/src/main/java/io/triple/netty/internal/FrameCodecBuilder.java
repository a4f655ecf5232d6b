package io.triple.netty.internal;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.StreamByteDistributor;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.codec.http2.WeightedFairQueueByteDistributor;

/**
 * Netty's {@link Http2FrameCodecBuilder} with the outbound flow controller tuned for gRPC.
 *
 * <p>Why: Netty's stream byte distributor hands each stream at most 1 KiB per round by default,
 * so a 1 KiB message (1,034 bytes with its gRPC prefix) went out as two DATA frames, 1,024 bytes
 * and 10, whenever several streams had data queued: twice the frames to write and for the peer
 * to read. With a 16 KiB quantum (one default-sized frame, the value grpc-java uses) a message
 * up to that size leaves in one frame, and large streams still take turns in 16 KiB slices.
 */
final class FrameCodecBuilder extends Http2FrameCodecBuilder {
  static final int ALLOCATION_QUANTUM = 16 * 1024;

  /**
   * The connection's outbound buffer limits, for both sides: 64 KiB low, 128 KiB high, twice
   * Netty's default. Why not the default: it counts 96 bytes of bookkeeping per queued write
   * besides the bytes, so a few hundred small answers flushed together (three writes each)
   * crossed it; the channel flipped to unwritable and back on every flush, and each flip made the
   * HTTP/2 flow controller visit every open stream (h2load, 256 unary calls in flight: server I/O
   * thread 9.2 to 12.0 µs/call with the default, 7.8 with 1 MiB on one VM). Why not more: a large
   * mark lets a big message go out in bursts of up to the mark, and grpc-java's client then reads
   * large messages from us more slowly (bench/run.sh, grpc-java client against our server over
   * grpc-java's, 1 MiB unary and 64 KiB stream medians: 0.95 and 0.92 with a 1 MiB mark, 1.01 and
   * 0.93 with 256 KiB, 1.03 and 1.00 with 128 KiB, 1.09 and 1.04 with 64 KiB; the 256-in-flight
   * unary case measured the same from 64 KiB to 1 MiB on that second VM). Streams still become
   * not-ready above it.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 128 * 1024);

  private final boolean server;

  private FrameCodecBuilder(boolean server) {
    // Not server(server): Netty allows it or connection(...), not both; the connection built
    // below carries the side.
    this.server = server;
    // As Http2FrameCodecBuilder.forServer()/forClient(): no timeout at this layer by default.
    gracefulShutdownTimeoutMillis(0);
  }

  static FrameCodecBuilder server() {
    return new FrameCodecBuilder(true);
  }

  static FrameCodecBuilder client() {
    return new FrameCodecBuilder(false);
  }

  @Override
  public Http2FrameCodec build() {
    DefaultHttp2Connection connection = new DefaultHttp2Connection(server, maxReservedStreams());
    connection.remote().flowController(
        new DefaultHttp2RemoteFlowController(connection, distributor(connection)));
    connection(connection);
    return super.build();
  }

  @Override
  protected Http2FrameCodec build(
      Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings initialSettings) {
    Http2FrameCodec codec = new Codec(encoder, decoder, initialSettings, decoupleCloseAndGoAway(), flushPreface());
    codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
    codec.setCumulator(FrameCumulator.INSTANCE);
    return codec;
  }

  /**
   * Netty's codec, with {@link #connection()} answered from a field. Why: Netty's own code asks
   * for it several times per frame (opening a stream, each writability change, each inbound
   * frame's stream lookup), and each time the call walks the encoder decorators (the client's
   * {@code StreamBufferingEncoder} and the ones inside it) through interface calls: 3.6% of our
   * client's event loop at 256 unary calls in flight (async-profiler, bench/profile.sh). The
   * connection is fixed when the encoder is built, so the field is the same object.
   */
  private static final class Codec extends Http2FrameCodec {
    private final Http2Connection connection;

    Codec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings settings,
        boolean decoupleCloseAndGoAway, boolean flushPreface) {
      super(encoder, decoder, settings, decoupleCloseAndGoAway, flushPreface);
      this.connection = encoder.connection();
    }

    @Override
    public Http2Connection connection() {
      Http2Connection c = connection;
      return c != null ? c : super.connection(); // Netty's constructor asks before the field is set
    }
  }

  /**
   * Who gets the connection window when several streams have data queued. Both distributors
   * give a stream up to {@link #ALLOCATION_QUANTUM} per round. The client uses Netty's uniform
   * one, which keeps no priority tree (HTTP/2 priorities are deprecated by RFC 9113 and gRPC
   * sends none): its event loop spent 12.5% of its samples in the weighted one's bookkeeping,
   * and {@code bench/client-cpu.sh ours grpc 0 256 8}, four runs alternated, measured 8.35 /
   * 10.64 / 9.86 / 10.06 µs of client I/O thread per call against 10.73 / 11.01 / 11.55 / 11.42.
   * The server keeps the weighted one: there the uniform one measured slightly worse
   * ({@code bench/server-cpu.sh ours 0 256 6}: 11.00 / 9.17 / 10.37 / 10.31 µs per call against
   * 9.20 / 9.66 / 9.85 / 9.60).
   */
  private StreamByteDistributor distributor(DefaultHttp2Connection connection) {
    if (server) {
      WeightedFairQueueByteDistributor d = new WeightedFairQueueByteDistributor(connection);
      d.allocationQuantum(ALLOCATION_QUANTUM);
      return d;
    }
    UniformStreamByteDistributor d = new UniformStreamByteDistributor(connection);
    d.minAllocationChunk(ALLOCATION_QUANTUM);
    return d;
  }
}
