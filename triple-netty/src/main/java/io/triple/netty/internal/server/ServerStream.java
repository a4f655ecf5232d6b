package io.triple.netty.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.triple.Deadline;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.internal.CancellationHooks;
import io.triple.internal.ListenerOverrides;
import io.triple.internal.MethodRegistry;
import io.triple.internal.SerializingExecutor;
import io.triple.internal.StartFailures;
import io.triple.netty.internal.http2.WriteQueue;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.HttpErrors;
import io.triple.netty.internal.wire.InboundMessages;
import io.triple.netty.internal.wire.MessageDeframer;
import io.triple.netty.internal.wire.MessageFramer;
import io.triple.netty.internal.wire.MessageReader;
import io.triple.netty.internal.wire.OutboundMessages;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound HTTP/2 stream on the server: validates the request headers, finds the method,
 * deframes DATA into messages as the handler asks for them, and carries the handler's response
 * back as HEADERS, DATA and trailers.
 *
 * <p>Not a Netty handler: {@link ServerConnectionHandler} hands it the frames of its stream
 * (one handler per connection instead of a child channel and pipeline per stream). Netty
 * callbacks run on the connection's event loop; handler callbacks run on a
 * {@link SerializingExecutor} over the server's executor.
 *
 * <p>Inbound flow control: received bytes are returned to the peer's HTTP/2 window only as the
 * handler takes messages, so a slow handler makes the window close instead of buffering without
 * bound.
 */
final class ServerStream {
  private static final Logger log = LoggerFactory.getLogger(ServerStream.class);

  private final ServerConnectionHandler connection;
  private final Http2FrameStream stream;
  private final MethodRegistry registry;
  private final ServerStreamSettings settings;
  private final WriteQueue writes;
  private final Channel channel; // the connection
  private Call<?, ?> call;
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
      call.onReset(errorCode);
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
      call.onStreamClosed();
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

  private <ReqT, RespT> void start(RequestAdmission.Admitted<ReqT, RespT> a, Http2Headers h, boolean endStream) {
    Call<ReqT, RespT> c = new Call<>(a.definition().method(), a.definition().handler(), GrpcHeaders.toMetadata(h),
        a.encoding(), a.deadline(), a.requestMarshaller(), a.responseMarshaller(), a.dialect(), a.cors());
    call = c;
    c.clientAcceptsGzip = a.clientAcceptsGzip();
    if (a.target().service().compression() != null) {
      c.setCompression(a.target().service().compression());
    }
    c.start(endStream);
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

  // ---- the call ------------------------------------------------------------------------------

  private final class Call<ReqT, RespT> extends ServerCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final ServerCallHandler<ReqT, RespT> handler;
    private final Marshaller<ReqT> requestMarshaller; // the method's, or its JSON form
    private final Marshaller<RespT> responseMarshaller;
    private final Dialect dialect;
    private final Http2Headers cors; // for every answer's headers (browser origins; empty for gRPC)
    private final Metadata requestHeaders;
    private final String encoding;
    private final Deadline deadline;
    private final SerializingExecutor executor;
    private ServerCall.Listener<ReqT> listener;
    private ScheduledFuture<?> deadlineTimer;

    /**
     * The request's messages not yet handed out and the window they hold; also the lock of the
     * inbound state below. The event loop adds DATA; {@code request(n)} takes messages on
     * whichever thread the handler calls it from (usually its executor thread), so a message
     * that is already here goes to the handler without a round trip through the event loop.
     * Uncontended almost always: the two sides meet only when a message and a request cross.
     */
    private final InboundMessages inbound;
    private boolean inboundEnded;
    private boolean halfCloseDelivered;
    private boolean streamDone;
    /**
     * A drain of {@link #executor} that a hand-off made under {@link #inbound} left to schedule:
     * the pool thread is woken after the lock is released (see {@link #handOff}).
     */
    private Runnable drainAfterUnlock;
    // event loop only: window counted as returned during the current read, not yet sent
    private int readReturn;
    private boolean readReturnPending;
    private final Runnable sendReadReturn = this::sendReadReturn;

    // written by the handler's thread, read anywhere
    private volatile boolean closed;
    private volatile boolean cancelled;
    private final CancellationHooks cancelHooks = new CancellationHooks();
    private boolean headersSent;
    boolean clientAcceptsGzip;
    private boolean gzip; // compress responses
    private boolean messageCompression = true;
    private volatile boolean currentMessageCompressed;
    /** Messages sent by the handler, not yet handed to the connection. */
    private final OutboundMessages outbound;
    private final Runnable writeOutbound = this::writeOutbound;
    private final Consumer<ByteBuf> writeBatch =
        batch -> channel.write(new DefaultHttp2DataFrame(batch, false).stream(stream));

    Call(
        MethodDescriptor<ReqT, RespT> method,
        ServerCallHandler<ReqT, RespT> handler,
        Metadata requestHeaders,
        String encoding,
        Deadline deadline,
        Marshaller<ReqT> requestMarshaller,
        Marshaller<RespT> responseMarshaller,
        Dialect dialect,
        Http2Headers cors) {
      this.method = method;
      this.handler = handler;
      this.requestMarshaller = requestMarshaller;
      this.responseMarshaller = responseMarshaller;
      this.dialect = dialect;
      this.cors = cors;
      this.requestHeaders = requestHeaders;
      this.encoding = encoding;
      this.deadline = deadline;
      // Held until the request's first DATA frame or the end of the read that brought the
      // headers: a unary call's start, message and half-close then reach the handler's
      // executor as one task (one thread wake-up), not two.
      this.executor = SerializingExecutor.held(settings.executor());
      this.inbound = new InboundMessages(new MessageDeframer(channel.alloc(), settings.maxInboundMessageSize()));
      this.outbound = new OutboundMessages(channel.alloc());
    }

    void start(boolean endStream) {
      if (deadline != null) {
        long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
        deadlineTimer = channel.eventLoop().schedule(this::onDeadline, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
      }
      executor.execute(
          () -> {
            try {
              listener = handler.startCall(this, requestHeaders);
            } catch (RuntimeException | Error e) {
              close(StartFailures.status(e, method), StartFailures.trailers(e));
            }
          });
      if (endStream) {
        onInboundEnd();
      }
      writes.beforeFlush(executor::release);
    }

    // -- inbound: DATA on the event loop, request(n) on any thread --

    void onData(ByteBuf data, boolean endStream) {
      int bytes = data.readableBytes();
      int toReturn = 0;
      Runnable drain;
      synchronized (inbound) {
        if (streamDone) {
          toReturn = bytes;
          data.release();
        } else {
          inbound.add(data);
          if (endStream) {
            inboundEnded = true;
          }
          if (deliver()) {
            // Counted as returned now, under the lock this frame holds anyway; sent at the end
            // of the read. Taking the lock again then raced the handler's next request(n) (a
            // bidi echo's, right after its answer): a contended monitor parks the handler thread.
            readReturn += inbound.takeReturnable();
          }
        }
        drain = takeDrain();
      }
      executor.scheduleDrain(drain);
      executor.release();
      if (toReturn > 0) {
        connection.consume(stream, toReturn);
      } else if (readReturn > 0 && !readReturnPending) {
        // Once when the read is over, not per DATA frame: a large message comes in many frames
        // per read (64 window updates through the pipeline per 1 MiB message before).
        readReturnPending = true;
        writes.beforeFlush(sendReadReturn);
      }
    }

    /** Event loop: sends the window update counted during the read that is ending. */
    private void sendReadReturn() {
      readReturnPending = false;
      int n = readReturn;
      readReturn = 0;
      connection.consume(stream, n);
    }

    void onInboundEnd() {
      int toReturn;
      Runnable drain;
      synchronized (inbound) {
        inboundEnded = true;
        toReturn = deliver() ? inbound.takeReturnable() : 0;
        drain = takeDrain();
      }
      executor.scheduleDrain(drain);
      connection.consume(stream, toReturn);
    }

    /**
     * Hands requested messages (and then the half-close) to the handler's executor. Holding
     * {@link #inbound}. Returns whether the request stream is still coming in, i.e. whether
     * taken bytes are to be given back to the peer's window
     * ({@link InboundMessages#takeReturnable()}, on the event loop).
     */
    private boolean deliver() {
      if (streamDone) {
        return false;
      }
      try {
        inbound.take(this::deliverLater);
      } catch (MessageDeframer.DeframeException e) {
        failFromTransport(e.status());
        return false;
      }
      if (inboundEnded && !halfCloseDelivered) {
        if (inbound.hasPartialMessage()) {
          if (inbound.requested() > 0) {
            failFromTransport(Status.INTERNAL.withDescription(
                "Request stream ended in the middle of a message (" + inbound.buffered() + " bytes left over)"));
          }
          return false;
        }
        halfCloseDelivered = true;
        handOff(() -> {
          if (!closed && listener != null) {
            listener.onHalfClose();
          }
        });
        // Nothing more will come: what is left unreturned goes back when the stream closes.
        return false;
      }
      return !inboundEnded;
    }

    /** Event loop: gives back what request(n) calls on other threads have taken meanwhile. */
    private void returnTakenBytes() {
      int toReturn;
      synchronized (inbound) {
        inbound.returnTaskRuns();
        toReturn = streamDone ? 0 : inbound.takeReturnable();
      }
      connection.consume(stream, toReturn);
    }

    /** Queues {@code frame} for the handler on the call executor (in deframing order). */
    private void deliverLater(MessageDeframer.Frame frame) {
      handOff(() -> deliverMessage(frame));
    }

    /**
     * Holding {@link #inbound}: queues {@code task} on the call executor now (so the order of
     * callbacks is the order of the lock), and leaves waking a pool thread, if one is needed, to
     * whoever releases the lock ({@link #takeDrain()}). Why: a pool thread woken while the lock
     * is held ran the handler, whose first act (a bidi echo's {@code request(1)}) found the lock
     * still taken, and slept again; in a ping-pong that was 0.65 extra wake-ups per round trip,
     * and the I/O thread spent 28% of its time waking pool threads from inside the lock.
     */
    private void handOff(Runnable task) {
      Runnable drain = executor.enqueue(task);
      if (drain != null) {
        drainAfterUnlock = drain;
      }
    }

    /** Holding {@link #inbound}: the drain {@link #handOff} left to schedule, or null. */
    private Runnable takeDrain() {
      Runnable d = drainAfterUnlock;
      drainAfterUnlock = null;
      return d;
    }

    private void deliverMessage(MessageDeframer.Frame frame) {
      if (closed || listener == null) {
        frame.body().release();
        return;
      }
      ReqT message;
      try {
        message = MessageReader.read(requestMarshaller, frame.body(), frame.compressed(),
            encoding, settings.maxInboundMessageSize(), Status.INVALID_ARGUMENT);
      } catch (StatusException e) {
        close(e.getStatus(), new Metadata());
        return;
      }
      currentMessageCompressed = frame.compressed();
      listener.onMessage(message);
    }

    /** A transport-level problem with the request: answer with the status, stop the stream. */
    private void failFromTransport(Status status) { // holding inbound
      streamDone = true;
      inbound.release();
      handOff(() -> close(status, new Metadata()));
    }

    void onWritable() {
      if (closed) {
        // The handler has closed the call: isReady() stays false, so onReady could only say so
        // again. A unary response larger than the stream's buffer flips writability while it
        // goes out, and each flip cost a pool thread's wake-up for nothing.
        return;
      }
      ServerCall.Listener<ReqT> l = listener;
      if (l != null && !ListenerOverrides.wantsOnReady(l)) {
        return; // nobody listens: spare the executor a task
      }
      executor.execute(() -> {
        if (!closed && listener != null) {
          listener.onReady();
        }
      });
    }

    void onReset(long errorCode) {
      cancel("Client reset the stream (HTTP/2 error " + Http2Error.valueOf(errorCode) + ")");
    }

    void onStreamClosed() {
      executor.release(); // in case the read that started the call never completed
      synchronized (inbound) {
        if (!streamDone) {
          streamDone = true;
          inbound.release();
        }
      }
      if (deadlineTimer != null) {
        deadlineTimer.cancel(false);
      }
      if (!closed) {
        cancel("Stream closed before the call completed");
      }
    }

    private void onDeadline() {
      if (!closed) {
        log.debug("Deadline exceeded for {}", method.fullMethodName());
        cancel("Deadline exceeded");
        done = true;
        writes.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
      }
    }

    private void cancel(String why) {
      if (cancelled || closed) {
        return;
      }
      cancelled = true;
      closed = true;
      log.debug("Call {} cancelled: {}", method.fullMethodName(), why);
      cancelHooks.fire(settings.executor());
      executor.execute(() -> {
        if (listener != null) {
          listener.onCancel();
        }
      });
    }

    // -- outbound, handler thread --

    @Override
    public void request(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("request(" + n + ")");
      }
      boolean onLoop = channel.eventLoop().inEventLoop();
      int toReturn = 0;
      Runnable drain;
      synchronized (inbound) {
        inbound.request(n);
        if (deliver()) {
          if (onLoop) {
            toReturn = inbound.takeReturnable();
          } else if (inbound.scheduleReturnTask()) {
            // One task at a time gives back whatever was taken until it runs. Through the write
            // queue: a response written just before (a bidi echo) is drained, and flushed, with it.
            writes.run(this::returnTakenBytes);
          }
        }
        drain = takeDrain();
      }
      executor.scheduleDrain(drain);
      if (toReturn > 0) {
        connection.consume(stream, toReturn);
      }
    }

    @Override
    public void sendHeaders(Metadata headers) {
      if (closed) {
        return;
      }
      if (headersSent) {
        throw new IllegalStateException("Headers already sent");
      }
      headersSent = true;
      Http2Headers h = responseHeaders(gzip);
      GrpcHeaders.addMetadata(h, headers);
      writes.write(new DefaultHttp2HeadersFrame(h, false).stream(stream));
    }

    @Override
    public void sendMessage(RespT message) {
      if (closed) {
        if (cancelled) {
          throw Status.CANCELLED.withDescription("Call cancelled").asException();
        }
        throw new IllegalStateException("Call already closed");
      }
      if (!headersSent) {
        sendHeaders(new Metadata());
      }
      boolean takeNeeded = gzip && messageCompression
          ? outbound.add(MessageFramer.frame(channel.alloc(), responseMarshaller, message, true))
          : outbound.add(responseMarshaller, message);
      if (takeNeeded) {
        writes.run(writeOutbound);
      }
    }

    /** Event loop: writes what the handler has sent since the last visit, as few DATA frames. */
    private void writeOutbound() {
      // What is taken is all the handler had queued when it last looked at isReady().
      if (outbound.takeAll(writeBatch) >= OutboundMessages.READY_THRESHOLD) {
        onWritable(); // isReady() may have said no because of this queue; it may say yes now
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (closed) {
        return;
      }
      closed = true;
      Http2StreamFrame end;
      if (dialect.statusInBody()) {
        if (!headersSent) {
          headersSent = true;
          writes.write(new DefaultHttp2HeadersFrame(responseHeaders(false), false).stream(stream));
        }
        end = new DefaultHttp2DataFrame(dialect.endOfStream(channel.alloc(), status, trailers), true);
      } else {
        Http2Headers h = headersSent ? new DefaultHttp2Headers(false) : responseHeaders(false);
        GrpcHeaders.addStatus(h, status);
        GrpcHeaders.addMetadata(h, trailers);
        end = new DefaultHttp2HeadersFrame(h, true);
      }
      writes.write(end.stream(stream), f -> {
        done = true;
        if (deadlineTimer != null) {
          deadlineTimer.cancel(false);
        }
        boolean requestFinished;
        synchronized (inbound) {
          requestFinished = inboundEnded && halfCloseDelivered;
        }
        if (!requestFinished) {
          resetIfOpen();
        }
        if (f.isSuccess() && !ListenerOverrides.wantsOnComplete(listener)) {
          return; // nobody listens: spare the executor a task per call
        }
        executor.execute(() -> {
          if (listener != null) {
            if (f.isSuccess()) {
              listener.onComplete();
            } else {
              listener.onCancel();
            }
          }
        });
      });
    }

    /** The dialect's response headers, with the CORS headers for a browser origin. */
    private Http2Headers responseHeaders(boolean gzip) {
      Http2Headers h = dialect.responseHeaders(gzip);
      return cors.isEmpty() ? h : h.add(cors);
    }

    @Override
    public void setCompression(String encoding) {
      if (headersSent) {
        throw new IllegalStateException("setCompression must be called before the first response");
      }
      if (encoding == null || encoding.equals("identity")) {
        gzip = false;
      } else if (encoding.equals("gzip")) {
        // Only if the client said it can read gzip; otherwise stay uncompressed, as gRPC asks.
        gzip = clientAcceptsGzip;
      } else {
        throw new IllegalArgumentException("Unsupported compression '" + encoding + "' (supported: gzip, identity)");
      }
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      messageCompression = enabled;
    }

    @Override
    public boolean isMessageCompressed() {
      return currentMessageCompressed;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void whenCancelled(Runnable hook) {
      cancelHooks.add(hook);
    }

    @Override
    public boolean isReady() {
      // Messages still in the write queue count as buffered too: otherwise a producer looping
      // on isReady() could queue without bound before the event loop writes anything.
      return !closed && outbound.belowReadyThreshold() && writable;
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }

    @Override
    public SocketAddress remoteAddress() {
      return channel.remoteAddress();
    }

    @Override
    public Deadline deadline() {
      return deadline;
    }

    @Override
    public long wireBytesReceived() {
      return inbound.receivedBytes();
    }

    @Override
    public long wireBytesSent() {
      return outbound.totalBytes();
    }
  }
}
