package io.triple.netty.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.http2.WriteQueue;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.HttpErrors;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * One inbound HTTP/2 stream on the server: validates the request headers, finds the method, and
 * runs the call: a {@link FramedCall} for the framed dialects, whose {@link FramedCall.Transport}
 * this stream is (its writes become HEADERS, DATA and trailers on the connection's write queue,
 * its window returns WINDOW_UPDATEs), or a plain-HTTP exchange ({@link PlainHttpStreams}).
 *
 * <p>Not a Netty handler: {@link ServerConnectionHandler} hands it the frames of its stream
 * (one handler per connection instead of a child channel and pipeline per stream). Netty
 * callbacks run on the connection's event loop; handler callbacks run on the call's serializing
 * executor over the server's executor.
 *
 * <p>Inbound flow control: received bytes are returned to the peer's HTTP/2 window only as the
 * handler takes messages, so a slow handler makes the window close instead of buffering without
 * bound.
 */
final class ServerStream implements FramedCall.Transport {
  private final ServerConnectionHandler connection;
  private final Http2FrameStream stream;
  private final MethodRegistry registry;
  private final ServerStreamSettings settings;
  private final WriteQueue writes;
  private final Channel channel; // the connection
  private FramedCall<?, ?> call;
  /** Instead of {@link #call}: a Triple plain-HTTP unary call (application/json or /proto). */
  private PlainHttpStreams.Stream unary;
  /** Set on the event loop from flow-control events; read by isReady() on any thread. */
  private volatile boolean writable;
  private boolean done; // answered, reset or closed: further DATA is dropped

  ServerStream(ServerConnectionHandler connection, Http2FrameStream stream,
      MethodRegistry registry, ServerStreamSettings settings) {
    this.connection = connection;
    this.stream = stream;
    this.registry = registry;
    this.settings = settings;
    this.channel = connection.channel();
    this.writes = connection.writes();
    // From the flow controller, not assumed: Netty reports writability only when it changes, and
    // a stream whose window starts at zero (a client announcing INITIAL_WINDOW_SIZE 0) starts
    // unwritable without an event. Assumed writable, its isReady() said yes until the server ran
    // out of direct memory.
    this.writable = connection.isWritable(stream);
  }

  // ---- frames, from ServerConnectionHandler on the event loop --------------------------------

  void onHeaders(Http2HeadersFrame headers) {
    if (unary != null) {
      if (headers.isEndStream()) {
        unary.onEnd();
      }
    } else if (call == null && !done) {
      onRequestHeaders(headers);
    } else if (call != null && headers.isEndStream()) {
      call.onInboundEnd(); // request trailers: allowed, ignored
    }
  }

  void onData(Http2DataFrame data) {
    if (unary != null) {
      unary.onData(data);
      return;
    }
    int flowBytes = data.initialFlowControlledBytes();
    if (call == null || done) {
      connection.consume(stream, flowBytes);
      data.release();
      return;
    }
    // Padding is never delivered; give it back at once.
    connection.consume(stream, flowBytes - data.content().readableBytes());
    call.onData(data.content(), data.isEndStream());
  }

  void onReset(long errorCode) {
    if (unary != null) {
      unary.onGone("Client reset the stream (HTTP/2 error " + Http2Error.valueOf(errorCode) + ")");
    }
    if (call != null) {
      call.cancel("Client reset the stream (HTTP/2 error " + Http2Error.valueOf(errorCode) + ")");
    }
    done = true;
  }

  /**
   * What the client sent broke HTTP/2 on this stream alone (a window overflow, a zero window
   * increment, DATA past its content-length, trailers without END_STREAM); the connection handler
   * resets the stream. The call ends as cancelled, with the reason in the log.
   */
  void onStreamError(Http2Error error, Throwable cause) {
    String why = "HTTP/2 stream error " + error + " from the client: " + cause.getMessage();
    if (unary != null) {
      unary.onGone(why);
    }
    if (call != null) {
      call.cancel(why);
    }
    done = true;
  }

  /** Returns true if the stream was writable and is no longer: the client's window is used up. */
  boolean onWritabilityChanged(boolean nowWritable) {
    boolean was = writable;
    writable = nowWritable;
    if (call != null && nowWritable && !was) {
      call.onWritable();
    }
    if (unary != null && nowWritable && !was) {
      unary.onWritable();
    }
    return was && !nowWritable;
  }

  /** The stream is closed (both sides ended, reset, or the connection is gone). */
  void onClosed() {
    done = true;
    if (unary != null) {
      unary.onGone("Stream closed before the call completed");
    }
    if (call != null) {
      call.onStreamClosed("Stream closed before the call completed");
    }
  }

  // ---- request headers -----------------------------------------------------------------------

  private void onRequestHeaders(Http2HeadersFrame frame) {
    RequestAdmission.Verdict verdict = RequestAdmission.of(frame.headers(), registry, settings.cors());
    if (verdict instanceof RequestAdmission.Admitted<?, ?> admitted) {
      start(admitted, frame.headers(), frame.isEndStream());
    } else if (verdict instanceof RequestAdmission.Refusal r) {
      reject(r.status(), r.dialect(), r.cors());
    } else if (verdict instanceof RequestAdmission.PlainHttp p) {
      startHttpUnary(frame, p.dialect());
    } else if (verdict instanceof RequestAdmission.HttpRefusal r) {
      rejectHttp(r.httpStatus(), r.status());
    } else {
      preflight(frame.headers());
    }
  }

  private void start(RequestAdmission.Admitted<?, ?> a, Http2Headers h, boolean endStream) {
    call = FramedCall.start(a, h, endStream, settings, this);
  }

  /** Triple's plain-HTTP unary call: a bare JSON or protobuf body instead of gRPC framing. */
  private void startHttpUnary(Http2HeadersFrame frame, Dialect dialect) {
    unary = connection.plainHttp().open(connection, stream, settings, this::resetIfOpen, () -> writable);
    unary.onRequestHeaders(frame, dialect, registry);
  }

  /** A browser's CORS preflight for a plain-HTTP call: allowed (204) or not (403). */
  private void preflight(Http2Headers request) {
    Http2Headers answer = settings.cors().preflight(request);
    if (answer == null) {
      answer = HttpErrors.headers(403, CorsPolicy.refusal(request));
    }
    writeFinal(answer);
  }

  /** A call refused before it starts, as its protocol answers errors. */
  private void reject(Status status, Dialect dialect, Http2Headers cors) {
    if (!dialect.statusInBody()) {
      rejectGrpc(status);
      return;
    }
    done = true;
    writes.write(new DefaultHttp2HeadersFrame(dialect.responseHeaders(false).add(cors), false).stream(stream));
    writes.write(new DefaultHttp2DataFrame(
        dialect.endOfStream(channel.alloc(), status, null), true).stream(stream), f -> resetIfOpen());
  }

  /** A trailers-only gRPC error answer (HTTP 200), then the stream is reset if still open. */
  private void rejectGrpc(Status status) {
    Http2Headers h = GrpcHeaders.responseHeaders();
    GrpcHeaders.addStatus(h, status);
    writeFinal(h);
  }

  private void rejectHttp(int httpStatus, Status status) {
    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(httpStatus));
    h.set(GrpcHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
    GrpcHeaders.addStatus(h, status);
    writeFinal(h);
  }

  private void writeFinal(Http2Headers h) {
    done = true;
    writes.write(new DefaultHttp2HeadersFrame(h, true).stream(stream), f -> resetIfOpen());
  }

  /** After our END_STREAM, stop a client that is still sending (RST_STREAM NO_ERROR). */
  private void resetIfOpen() {
    // Called on the event loop once our END_STREAM is written, so nothing of this stream is
    // still queued: write directly.
    if (stream.state() != Http2Stream.State.CLOSED && channel.isActive()) {
      channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream));
    }
  }

  // ---- FramedCall.Transport: the call's writes as this stream's frames --------------------------

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public void writeHeaders(Http2Headers headers) {
    writes.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
  }

  @Override
  public Consumer<ByteBuf> messageWriter() {
    // Inside a write-queue task: written directly, flushed when the queue's drain ends.
    return batch -> channel.write(new DefaultHttp2DataFrame(batch, false).stream(stream));
  }

  @Override
  public void run(Runnable task) {
    writes.run(task);
  }

  @Override
  public void beforeFlush(Runnable task) {
    writes.beforeFlush(task);
  }

  @Override
  public void writeLastMessage(ByteBuf lastEnvelope, ChannelFutureListener written) {
    writes.write(new DefaultHttp2DataFrame(lastEnvelope, true).stream(stream), written);
  }

  @Override
  public void writeTrailers(Http2Headers trailers, ChannelFutureListener written) {
    writes.write(new DefaultHttp2HeadersFrame(trailers, true).stream(stream), written);
  }

  @Override
  public void endWritten(boolean requestFinished) {
    done = true;
    if (!requestFinished) {
      resetIfOpen();
    }
  }

  @Override
  public void returnBytes(int bytes) {
    connection.consume(stream, bytes);
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public void deadlineExceeded(FramedCall<?, ?> c) {
    done = true;
    writes.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
  }
}
