package io.triple.netty.internal.http2;

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
public final class FrameCodecBuilder extends Http2FrameCodecBuilder {
  static final int ALLOCATION_QUANTUM = 16 * 1024;

  /**
   * The connection's outbound buffer limits, for both sides: 512 KiB low, 1 MiB high. Netty's
   * HTTP/2 flow controller writes at most up to the high mark per pass and then waits for the
   * socket to drain below the low one, so the mark is the burst in which a large message leaves.
   * With 128 KiB (until 2026-12-01) a 1 MiB message went out in eight {@code writev} calls with
   * Java work between them; the reader drained each before the next came and was woken for each
   * ({@code bench/client-cpu.sh ours ours 1048576 1 5}: 4.7 to 7.4 wakes of our client's I/O
   * thread per call, 2.9 to 3.5 with 1 MiB). The load harness, three runs at each mark
   * ({@code LoadBench --only 'MiB|unary empty, 256' --no-h2load --rounds 3}, the mark set in
   * every JVM), 1 MiB unary full stack: 0.83 / 0.82 with 128 KiB, 1.21 / 1.35 with 1 MiB (our
   * server 1 MiB only: 1.04); unary empty at 256 in flight full stack 1.49 / 1.59 against 1.38 /
   * 1.55, within the rounds' spread. Why not the default (32/64 KiB): it counts 96 bytes of
   * bookkeeping per queued write besides the bytes, so a few hundred small answers flushed
   * together crossed it; the channel flipped to unwritable and back on every flush, and each flip
   * made the flow controller visit every open stream (h2load, 256 unary calls in flight: server
   * I/O thread 9.2 to 12.0 µs/call with the default, 7.8 with 1 MiB). Streams still become
   * not-ready above it, and the peer's window bounds what the flow controller hands it anyway.
   */
  public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

  private final boolean server;

  private FrameCodecBuilder(boolean server) {
    // Not server(server): Netty allows it or connection(...), not both; the connection built
    // below carries the side.
    this.server = server;
    // As Http2FrameCodecBuilder.forServer()/forClient(): no timeout at this layer by default.
    gracefulShutdownTimeoutMillis(0);
    headerSensitivityDetector(new UniquePerCall()); // one per connection: it counts
    if (!server) {
      // Netty's rapid-reset guards (200 resets received, or sent with an error code, per 30 s)
      // are on by default for a server, and this builder counts as one because the connection
      // is built here. A client is reset by its server in the normal course of things (every
      // deadline, every answer sent before the request ended), so on a busy client the guard
      // closed its own connection under every call in flight.
      decoderEnforceMaxRstFramesPerWindow(0, 0);
      encoderEnforceMaxRstFramesPerWindow(0, 0);
    }
  }

  public static FrameCodecBuilder server() {
    return new FrameCodecBuilder(true);
  }

  public static FrameCodecBuilder client() {
    return new FrameCodecBuilder(false);
  }

  @Override
  public Http2FrameCodec build() {
    DefaultHttp2Connection connection = server
        ? new DrainingConnection(maxReservedStreams())
        : new DefaultHttp2Connection(false, maxReservedStreams());
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
