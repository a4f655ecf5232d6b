package io.triple.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;
import java.util.function.Consumer;

/**
 * First handler of a cleartext connection: tells HTTP/2 with prior knowledge (gRPC clients,
 * Triple clients) from HTTP/1.1 (curl, browsers, plain HTTP clients) by the first bytes, sets up
 * the pipeline for the one it sees, and steps aside; the bytes read so far go on to it.
 *
 * <p>HTTP/2's client preface starts {@code PRI * HTTP/2.0}, which no HTTP/1.1 request line can
 * (PRI is not a method they send), so the first byte that differs decides, usually the second.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final Consumer<ChannelHandlerContext> http2;
  private final Consumer<ChannelHandlerContext> http1;

  ProtocolSniffer(Consumer<ChannelHandlerContext> http2, Consumer<ChannelHandlerContext> http1) {
    this.http2 = http2;
    this.http1 = http1;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE.getByte(PREFACE.readerIndex() + i)) {
        http1.accept(ctx);
        ctx.pipeline().remove(this);
        return;
      }
    }
    if (n == PREFACE.readableBytes()) {
      http2.accept(ctx);
      ctx.pipeline().remove(this);
    }
    // else: a prefix of the preface so far; wait for more
  }
}
