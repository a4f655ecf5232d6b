package io.triple.netty.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;

/**
 * Copies the small buffers the HTTP/2 codec writes (frame headers, HPACK blocks, small DATA
 * payloads) into one pooled buffer per flush, so the socket gets a few large buffers instead of
 * many tiny ones. Cleartext connections only: {@code SslHandler} already gathers its input the
 * same way before it encrypts.
 *
 * <p>Why: a small unary call is about six buffers on each side (HEADERS, a DATA frame header and
 * its payload, trailers), each a {@code ChannelOutboundBuffer} entry with its own promise
 * notification, release and {@code iovec}. Profiles of the client's event loop had about 20% of
 * its time in {@code ChannelOutboundBuffer.remove} alone. A copy of a few hundred bytes costs
 * less than the bookkeeping it saves.
 *
 * <p>Order is kept: a buffer too large to copy (or anything that is not a buffer) first pushes
 * out what has gathered. At most {@link #CAPACITY} bytes wait here, so the channel's writability
 * (which the HTTP/2 flow controller reads to size its writes) lags by no more than that.
 */
public final class WriteCoalescer extends ChannelOutboundHandlerAdapter {
  /** Buffers up to this size are copied; larger ones are passed on as they are. */
  static final int MAX_COPY = 2048;
  /** Size of the gathering buffer (the outbound allocation quantum, see FrameCodecBuilder). */
  static final int CAPACITY = 16 * 1024;

  private ByteBuf batch;
  /** Promises of the writes copied into {@link #batch} that someone listens to. */
  private final ArrayList<ChannelPromise> promises = new ArrayList<>();

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf && buf.readableBytes() <= MAX_COPY) {
      try {
        int n = buf.readableBytes();
        if (batch != null && batch.writableBytes() < n) {
          writeBatch(ctx);
        }
        if (batch == null) {
          batch = ctx.alloc().directBuffer(CAPACITY);
        }
        batch.writeBytes(buf, buf.readerIndex(), n);
      } catch (Throwable t) {
        promise.tryFailure(t);
        return;
      } finally {
        buf.release();
      }
      if (!promise.isVoid()) {
        promises.add(promise);
      }
      return;
    }
    writeBatch(ctx);
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    writeBatch(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    // Unflushed writes are discarded on close, as the channel would discard them.
    discard(new ClosedChannelException());
    ctx.close(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    discard(new ClosedChannelException());
  }

  private void writeBatch(ChannelHandlerContext ctx) {
    ByteBuf b = batch;
    if (b == null) {
      return;
    }
    batch = null;
    int waiting = promises.size();
    if (waiting == 0) {
      ctx.write(b, ctx.voidPromise());
    } else if (waiting == 1) {
      ctx.write(b, promises.get(0));
      promises.clear();
    } else {
      ChannelPromise[] ps = promises.toArray(new ChannelPromise[waiting]);
      promises.clear();
      ctx.write(b).addListener((ChannelFuture f) -> {
        Throwable cause = f.cause();
        for (ChannelPromise p : ps) {
          if (cause == null) {
            p.trySuccess();
          } else {
            p.tryFailure(cause);
          }
        }
      });
    }
  }

  private void discard(Throwable cause) {
    if (batch != null) {
      batch.release();
      batch = null;
    }
    for (ChannelPromise p : promises) {
      p.tryFailure(cause);
    }
    promises.clear();
  }
}
