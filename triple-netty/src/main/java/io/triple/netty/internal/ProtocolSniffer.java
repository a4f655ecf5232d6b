package io.triple.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a cleartext connection: tells HTTP/2 with prior knowledge (gRPC clients,
 * Triple clients) from HTTP/1.1 (curl, browsers, plain HTTP clients) by the first bytes, sets up
 * the pipeline for the one it sees, and steps aside; the bytes read so far go on to it.
 *
 * <p>HTTP/2's client preface starts {@code PRI * HTTP/2.0}, which no HTTP/1.1 request line can
 * (PRI is not a method they send), so the first byte that differs decides, usually the second.
 *
 * <p>A client that connects and says nothing (or sends the preface a byte at a time) is
 * disconnected after the server's handshake timeout: until the protocol is known, no keepalive or
 * idle limit watches the connection.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ProtocolSniffer.class);
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final Consumer<ChannelHandlerContext> http2;
  private final Consumer<ChannelHandlerContext> http1;
  private final long timeoutNanos;
  private ScheduledFuture<?> timeout;

  ProtocolSniffer(long timeoutNanos, Consumer<ChannelHandlerContext> http2, Consumer<ChannelHandlerContext> http1) {
    this.timeoutNanos = timeoutNanos;
    this.http2 = http2;
    this.http1 = http1;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> {
      log.debug("Closing {}: no request within {} ms of connecting", ctx.channel().remoteAddress(),
          TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      ctx.close();
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
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
