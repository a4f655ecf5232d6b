package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.http2.WriteQueue;
import io.triple.netty.internal.server.PlainHttpStreams;
import io.triple.netty.internal.server.ServerConnectionHandler;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.HttpDate;
import io.triple.netty.internal.wire.HttpErrors;
import java.net.SocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A Triple plain-HTTP unary call ({@code application/json} or {@code application/proto}) on one
 * HTTP/2 stream: gathers the request body up to the server's message size limit, then runs an
 * {@link PlainHttpCall} and writes its answer as HEADERS and one DATA frame.
 *
 * <p>Event loop only, except {@link #respond}. The body's bytes go back to the peer's window as
 * they arrive: the size limit, not flow control, bounds what one request holds.
 */
public final class Http2PlainExchange implements PlainHttpCall.Exchange, PlainHttpStreams.Stream {
  private final ServerConnectionHandler connection;
  private final Http2FrameStream stream;
  private PlainHttpCall.Route route; // set by onRequestHeaders
  private final ServerStreamSettings settings;
  private final Runnable resetIfOpen;
  private final BooleanSupplier writable;
  private ByteBuf body;
  private PlainHttpCall<?, ?> call;
  private boolean done; // rejected or gone: further DATA is dropped

  /** A {@link PlainHttpStreams}: the server's HTTP/2 streams hand plain-HTTP requests here. */
  public Http2PlainExchange(ServerConnectionHandler connection, Http2FrameStream stream,
      ServerStreamSettings settings, Runnable resetIfOpen, BooleanSupplier writable) {
    this.connection = connection;
    this.stream = stream;
    this.settings = settings;
    this.resetIfOpen = resetIfOpen;
    this.writable = writable;
    this.body = connection.channel().alloc().buffer(256);
  }

  @Override
  public void onRequestHeaders(Http2HeadersFrame frame, Dialect dialect, MethodRegistry registry) {
    try {
      route = PlainHttpCall.route(frame.headers(), dialect, registry, settings.cors());
    } catch (PlainHttpCall.Rejected rejected) {
      reject(rejected.httpStatus, rejected.status, HttpErrors.numericStatus(frame.headers()),
          settings.cors().responseHeaders(frame.headers().get("origin")));
      return;
    }
    if (frame.isEndStream()) {
      onEnd();
    }
  }

  @Override
  public void onData(Http2DataFrame data) {
    connection.consume(stream, data.initialFlowControlledBytes());
    if (done || body == null) { // answered, or the whole request is already in
      data.release();
      return;
    }
    ByteBuf content = data.content();
    if ((long) body.readableBytes() + content.readableBytes() > settings.maxInboundMessageSize()) {
      data.release();
      reject(413, Status.RESOURCE_EXHAUSTED.withDescription("Request body larger than the server's limit of "
          + settings.maxInboundMessageSize() + " bytes"), route.numericStatus(), route.cors());
      return;
    }
    // Copied, not kept as a list of frames: a body sent in frames of a few bytes each must not
    // cost an object per frame. Plain-HTTP bodies are small as a rule (JSON, curl).
    body.writeBytes(content);
    data.release();
    if (data.isEndStream()) {
      onEnd();
    }
  }

  @Override
  public void onEnd() {
    if (done || body == null) {
      return;
    }
    ByteBuf b = body;
    body = null;
    call = route.start(b, settings, this);
  }

  @Override
  public void onGone(String why) {
    releaseBody();
    done = true;
    if (call != null) {
      call.cancel(why);
    }
  }

  /** Answers with an error before any call started, then stops the stream. */
  private void reject(int httpStatus, Status status, boolean numericStatus, Http2Headers cors) {
    releaseBody();
    done = true;
    PlainHttpCall.refuse(this, httpStatus, status, numericStatus, cors);
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  @Override
  public void respond(Http2Headers headers, ByteBuf responseBody, Consumer<Boolean> onWritten) {
    WriteQueue writes = connection.writes(); // any thread
    headers.setInt("content-length", responseBody.readableBytes());
    headers.set("date", HttpDate.now());
    if (!responseBody.isReadable()) {
      responseBody.release();
      writes.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream), ended(onWritten));
      return;
    }
    writes.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
    writes.write(new DefaultHttp2DataFrame(responseBody, true).stream(stream), ended(onWritten));
  }

  @Override
  public void startStream(Http2Headers headers) {
    headers.set("date", HttpDate.now());
    connection.writes().write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
  }

  @Override
  public void sendPiece(ByteBuf piece) {
    connection.writes().write(new DefaultHttp2DataFrame(piece, false).stream(stream));
  }

  @Override
  public void endStream(Http2Headers trailers, Consumer<Boolean> onWritten) {
    Object last = trailers.isEmpty()
        ? new DefaultHttp2DataFrame(true).stream(stream)
        : new DefaultHttp2HeadersFrame(trailers, true).stream(stream);
    connection.writes().write(last, ended(onWritten));
  }

  /** After our END_STREAM: stop a client still sending, then tell the call. */
  private ChannelFutureListener ended(Consumer<Boolean> onWritten) {
    return f -> {
      resetIfOpen.run();
      onWritten.accept(f.isSuccess());
    };
  }

  @Override
  public boolean isWritable() {
    return writable.getAsBoolean();
  }

  @Override
  public void onWritable() {
    if (call != null) {
      call.onWritable();
    }
  }

  @Override
  public EventLoop eventLoop() {
    return connection.channel().eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return connection.channel().alloc();
  }

  @Override
  public SocketAddress remoteAddress() {
    return connection.channel().remoteAddress();
  }
}
