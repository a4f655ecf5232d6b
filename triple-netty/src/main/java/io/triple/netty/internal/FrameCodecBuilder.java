package io.triple.netty.internal;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
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
   * The connection's outbound buffer limits, for both sides. Netty's default (32 KiB low, 64 KiB
   * high) counts 96 bytes of bookkeeping per queued write besides the bytes, so a few hundred
   * small answers flushed together (three writes each) crossed it: the channel flipped to
   * unwritable and back on every flush, and each flip made the HTTP/2 flow controller visit
   * every open stream to re-evaluate its writability. The flow controller also moves at most
   * the bytes below the high mark per round, so a 1 MiB message took 16 rounds. Memory stays
   * bounded per connection; streams still become not-ready above it.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

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
    WeightedFairQueueByteDistributor distributor = new WeightedFairQueueByteDistributor(connection);
    distributor.allocationQuantum(ALLOCATION_QUANTUM);
    connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, distributor));
    connection(connection);
    return super.build();
  }
}
