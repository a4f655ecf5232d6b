package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;
import io.triple.netty.internal.server.FramedCall;
import io.triple.netty.internal.server.RequestAdmission;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.wire.Dialect;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * A framed call (Connect, gRPC-Web binary or text) on HTTP/1.1: the {@link FramedCall.Transport} of one
 * request. The request body is handed to the call chunk by chunk as it arrives, deframed as on
 * HTTP/2; the answer is a chunked response whose last chunk carries the dialect's end-of-stream
 * envelope (or, were gRPC ever served here, HTTP trailers).
 *
 * <p>Flow control: HTTP/1.1 has no window, so the one HTTP/2 gives is kept here and enforced on
 * the socket: once more than {@link #WINDOW} bytes of the body are held by the call (received, not
 * yet given back by it), the connection stops reading until the handler takes messages.
 *
 * <p>Writes go through the event loop's task queue even from the event loop itself, so they
 * leave in the order the call made them (a deadline's end after a message the handler's thread
 * had already handed over).
 */
final class Http1FramedExchange extends Http1Exchange implements FramedCall.Transport {
  /** Body bytes the call may hold before reading stops: HTTP/2's default initial stream window. */
  static final int WINDOW = 1 << 20;

  private FramedCall<?, ?> call;
  // event loop only: the response's head, and its end, are written. A deadline ends the answer
  // on the event loop while the handler may still be writing on its thread: what it writes after
  // the end is dropped rather than sent after the last chunk.
  private boolean responseStarted;
  private boolean ended;
  // event loop only: the request body's bytes, received and given back by the call
  private long received;
  private long returned;
  private boolean readPaused;
  private final Consumer<ByteBuf> messageWriter = this::writeMessages;

  Http1FramedExchange(Http1ServerHandler handler, ChannelHandlerContext ctx, boolean keepAlive) {
    super(handler, ctx, keepAlive);
  }

  /** Starts the admitted call; its body follows through {@link #onContent}. */
  void start(RequestAdmission.Admitted<?, ?> admitted, Http2Headers requestHeaders, ServerStreamSettings settings) {
    call = FramedCall.start(admitted, requestHeaders, false, settings, this);
  }

  /**
   * Answers a request refused before its call started, as the dialect answers errors: 200 and
   * the status in the end-of-stream envelope, where Connect and gRPC-Web clients read it.
   */
  void refuse(Status status, Dialect dialect, Http2Headers cors) {
    respond(dialect.responseHeaders(false).add(cors), dialect.endOfStream(ctx.alloc(), status, null), ok -> {});
  }

  /** Event loop: a piece of the request body (owned by the call from now on); {@code last}: its end. */
  void onContent(ByteBuf content, boolean last) {
    if (call == null) {
      content.release();
      return;
    }
    int bytes = content.readableBytes();
    if (bytes > 0) {
      received += bytes;
      call.onData(content, last);
    } else {
      content.release();
      if (last) {
        call.onInboundEnd();
      }
    }
    if (!readPaused && received - returned > WINDOW) {
      readPaused = true;
      handler.updateAutoRead();
    }
  }

  /** Whether reading waits for the call to take what it holds. */
  boolean readPaused() {
    return readPaused;
  }

  @Override
  void onWritable() {
    if (call != null) {
      call.onWritable();
    }
  }

  @Override
  void onConnectionClosed() {
    if (call != null) {
      call.onStreamClosed("Connection closed before the call completed");
    }
  }

  // ---- FramedCall.Transport ---------------------------------------------------------------------

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public EventLoop eventLoop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public void writeHeaders(Http2Headers headers) {
    ctx.executor().execute(() -> {
      if (!responseStarted) {
        responseStarted = true;
        ctx.writeAndFlush(chunkedResponse(headers));
      }
    });
  }

  private void writeMessages(ByteBuf batch) {
    if (ended) {
      batch.release();
    } else {
      ctx.write(new DefaultHttpContent(batch));
    }
  }

  @Override
  public Consumer<ByteBuf> messageWriter() {
    return messageWriter;
  }

  @Override
  public void run(Runnable task) {
    ctx.executor().execute(() -> {
      task.run();
      ctx.flush(); // what the messageWriter wrote
    });
  }

  @Override
  public void beforeFlush(Runnable task) {
    ctx.executor().execute(task); // after the read under way, as on HTTP/2
  }

  @Override
  public void writeLastMessage(ByteBuf lastEnvelope, ChannelFutureListener written) {
    ctx.executor().execute(() -> {
      if (ended) {
        lastEnvelope.release();
      } else {
        end(new DefaultLastHttpContent(lastEnvelope), written);
      }
    });
  }

  @Override
  public void writeTrailers(Http2Headers trailers, ChannelFutureListener written) {
    ctx.executor().execute(() -> {
      if (ended) {
        return;
      }
      if (!responseStarted) { // trailers only: they are the headers
        responseStarted = true;
        ctx.write(chunkedResponse(trailers));
        end(new DefaultLastHttpContent(), written);
        return;
      }
      LastHttpContent last = new DefaultLastHttpContent();
      copyHeaders(trailers, last.trailingHeaders());
      end(last, written);
    });
  }

  private void end(LastHttpContent last, ChannelFutureListener written) {
    ended = true;
    ctx.writeAndFlush(last).addListener((ChannelFutureListener) f -> written(f, ok -> {
      try {
        written.operationComplete(f);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
  }

  @Override
  public void endWritten(boolean requestFinished) {
    // The rest of the body, if any, is read and dropped: the call takes no more of it.
    call.onStreamClosed("The answer is written");
    if (readPaused) {
      readPaused = false;
      handler.updateAutoRead();
    }
  }

  @Override
  public void returnBytes(int bytes) {
    returned += bytes;
    if (readPaused && received - returned <= WINDOW / 2) {
      readPaused = false;
      handler.updateAutoRead();
    }
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void deadlineExceeded(FramedCall<?, ?> c) {
    c.endForDeadline();
  }
}
