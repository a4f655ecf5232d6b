package io.triple.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The far end of an HTTP/2 connection whose near end is an {@link EmbeddedChannel}, played by
 * hand with Netty's frame writer and reader: each send is one read of the embedded channel, and
 * {@link #frames()} decodes what it has written. No codec on this side, so the test can send
 * what a codec would refuse to (a zero WINDOW_UPDATE, say) and sees the frames as bytes on the
 * wire, not as a Netty handler would present them.
 */
public final class Http2Peer implements AutoCloseable {
  public sealed interface Frame permits Headers, Data, Reset, GoAway, Ping, Settings, SettingsAck, WindowUpdate {}

  public record Headers(int streamId, Http2Headers headers, boolean endStream) implements Frame {
    public String get(String name) {
      CharSequence v = headers.get(name);
      return v == null ? null : v.toString();
    }
  }

  public record Data(int streamId, byte[] bytes, boolean endStream) implements Frame {}

  public record Reset(int streamId, Http2Error error) implements Frame {}

  public record GoAway(int lastStreamId, Http2Error error, String debugData) implements Frame {}

  record Ping(long content, boolean ack) implements Frame {}

  public record Settings(Http2Settings settings) implements Frame {}

  public record SettingsAck() implements Frame {}

  record WindowUpdate(int streamId, int increment) implements Frame {}

  private final EmbeddedChannel target;
  /** Only for the writer's context (its allocator and the buffers it writes). */
  private final EmbeddedChannel wire = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = wire.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
  private final ByteBuf received = Unpooled.buffer();
  /** Playing a server: the client's preface magic comes first, before its frames. */
  private boolean clientMagicExpected;

  public Http2Peer(EmbeddedChannel target) {
    this.target = target;
  }

  // ---- sending: each call is one read of the embedded channel ---------------------------------

  /** A client's connection preface: the magic string, then an empty SETTINGS frame. */
  public Http2Peer clientPreface() {
    ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
    writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
    wire.flushOutbound();
    ByteBuf settings = wire.readOutbound();
    target.writeInbound(Unpooled.wrappedBuffer(preface, settings));
    return this;
  }

  /** A server's connection preface (an empty SETTINGS frame); the client's is expected back. */
  public Http2Peer serverPreface() {
    clientMagicExpected = true;
    return settings(new Http2Settings());
  }

  Http2Peer settings(Http2Settings settings) {
    writer.writeSettings(ctx, settings, ctx.newPromise());
    return send();
  }

  public Http2Peer settingsAck() {
    writer.writeSettingsAck(ctx, ctx.newPromise());
    return send();
  }

  public Http2Peer headers(int streamId, Http2Headers headers, boolean endStream) {
    writer.writeHeaders(ctx, streamId, headers, 0, endStream, ctx.newPromise());
    return send();
  }

  Http2Peer data(int streamId, byte[] bytes, boolean endStream) {
    writer.writeData(ctx, streamId, Unpooled.wrappedBuffer(bytes), 0, endStream, ctx.newPromise());
    return send();
  }

  /** One gRPC message (uncompressed) as one DATA frame. */
  public Http2Peer message(int streamId, String message, boolean endStream) {
    return data(streamId, grpcFrame(message), endStream);
  }

  public Http2Peer reset(int streamId, Http2Error error) {
    writer.writeRstStream(ctx, streamId, error.code(), ctx.newPromise());
    return send();
  }

  public Http2Peer windowUpdate(int streamId, int increment) {
    writer.writeWindowUpdate(ctx, streamId, increment, ctx.newPromise());
    return send();
  }

  Http2Peer ping(long content, boolean ack) {
    writer.writePing(ctx, ack, content, ctx.newPromise());
    return send();
  }

  public Http2Peer goAway(int lastStreamId, Http2Error error) {
    writer.writeGoAway(ctx, lastStreamId, error.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
    return send();
  }

  private Http2Peer send() {
    wire.flushOutbound();
    ByteBuf frame;
    while ((frame = wire.readOutbound()) != null) {
      target.writeInbound(frame);
    }
    return this;
  }

  // ---- receiving -------------------------------------------------------------------------------

  /** The frames the embedded channel has written (and flushed) since the last call. */
  public List<Frame> frames() {
    target.runPendingTasks();
    ByteBuf buf;
    while ((buf = target.readOutbound()) != null) {
      received.writeBytes(buf);
      buf.release();
    }
    if (clientMagicExpected) {
      ByteBuf magic = Http2CodecUtil.connectionPrefaceBuf();
      if (received.readableBytes() < magic.readableBytes()) {
        magic.release();
        return List.of();
      }
      if (!received.readSlice(magic.readableBytes()).equals(magic)) {
        throw new AssertionError("the client did not start with HTTP/2's connection preface");
      }
      magic.release();
      clientMagicExpected = false;
    }
    List<Frame> frames = new ArrayList<>();
    try {
      reader.readFrame(ctx, received, new Collector(frames));
    } catch (Http2Exception e) {
      throw new AssertionError("the embedded side wrote a malformed frame", e);
    }
    received.discardReadBytes();
    return frames;
  }

  /** As {@link #frames()}, leaving out SETTINGS, their ACKs and WINDOW_UPDATEs (connection upkeep). */
  public List<Frame> callFrames() {
    List<Frame> frames = new ArrayList<>(frames());
    frames.removeIf(f -> f instanceof Settings || f instanceof SettingsAck || f instanceof WindowUpdate);
    return frames;
  }

  @Override
  public void close() {
    received.release();
    wire.finishAndReleaseAll();
  }

  // ---- gRPC framing ----------------------------------------------------------------------------

  static byte[] grpcFrame(String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    ByteBuf b = Unpooled.buffer(5 + m.length).writeByte(0).writeInt(m.length).writeBytes(m);
    return b.array();
  }

  /** The messages in {@code data} (uncompressed gRPC framing). */
  public static List<String> grpcMessages(Data data) {
    List<String> out = new ArrayList<>();
    ByteBuf b = Unpooled.wrappedBuffer(data.bytes());
    while (b.isReadable()) {
      if (b.readByte() != 0) {
        throw new AssertionError("compressed message");
      }
      int n = b.readInt();
      out.add(b.readCharSequence(n, StandardCharsets.UTF_8).toString());
    }
    return out;
  }

  private static final class Collector extends Http2FrameAdapter {
    private final List<Frame> frames;

    Collector(List<Frame> frames) {
      this.frames = frames;
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      byte[] bytes = new byte[data.readableBytes()];
      data.getBytes(data.readerIndex(), bytes);
      frames.add(new Data(streamId, bytes, endOfStream));
      return data.readableBytes() + padding;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endStream) {
      frames.add(new Headers(streamId, headers, endStream));
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endStream) {
      frames.add(new Headers(streamId, headers, endStream));
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      frames.add(new Reset(streamId, Http2Error.valueOf(errorCode)));
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
      frames.add(new GoAway(lastStreamId, Http2Error.valueOf(errorCode),
          debugData.toString(StandardCharsets.US_ASCII)));
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
      frames.add(new Ping(data, false));
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
      frames.add(new Ping(data, true));
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      frames.add(new Settings(settings));
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
      frames.add(new SettingsAck());
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
      frames.add(new WindowUpdate(streamId, windowSizeIncrement));
    }
  }
}
