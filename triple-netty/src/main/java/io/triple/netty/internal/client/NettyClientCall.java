package io.triple.netty.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.internal.CallDeadlines;
import io.triple.internal.GrpcTimeout;
import io.triple.internal.ListenerOverrides;
import io.triple.internal.NotSent;
import io.triple.internal.SerializingExecutor;
import io.triple.netty.internal.http2.WriteQueue;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.InboundMessages;
import io.triple.netty.internal.wire.MessageDeframer;
import io.triple.netty.internal.wire.MessageFramer;
import io.triple.netty.internal.wire.MessageReader;
import io.triple.netty.internal.wire.OutboundMessages;
import io.triple.netty.internal.wire.ResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client call on one HTTP/2 stream. Outbound operations may come from any thread; they are
 * handed to the connection's event loop in order and queued there until the stream is open.
 * Inbound frames are deframed on the event loop and delivered, as the caller asks for them, on a
 * per-call {@link SerializingExecutor}.
 */
public final class NettyClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(NettyClientCall.class);

  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final ClientConnection connection;
  private final WriteQueue writes;
  private final EventLoop eventLoop;
  private final ClientTransportSettings settings;
  private final String authority;
  private final SerializingExecutor executor;
  /** Request messages framed on the sending thread, not yet taken by the event loop. */
  private final OutboundMessages outbound = new OutboundMessages(ByteBufAllocator.DEFAULT);
  private final Runnable writeOutbound = this::writeOutbound;
  private final Consumer<ByteBuf> sendBatch = b -> sendData(new DefaultHttp2DataFrame(b, false));

  private Listener<RespT> listener;
  private Deadline deadline;

  /**
   * The response's messages not yet handed out and the window they hold (open once the stream
   * is); also the lock of the state marked "inbound" below. The event loop adds DATA and decides
   * the outcome; {@code request(n)} from the application takes messages that are already here
   * on its own thread, so a streaming response does not wait for an event-loop round trip per
   * message.
   */
  private final InboundMessages inbound = new InboundMessages();

  // event-loop state
  private Http2FrameStream stream;
  private Channel conn; // the connection the stream is on
  private ClientConnectionHandler streams;
  /** Frames waiting for the stream to open; the last DATA frame held to the end of a drain. */
  private final PendingStream pending;
  /** We sent RST_STREAM; the caller of resetStream() then finishes the call with its reason. */
  private boolean resetByUs;
  private ScheduledFuture<?> deadlineTimer;
  private boolean headersReceived;
  private String responseEncoding;
  private Status pendingStatus; // inbound
  /** Callbacks gathered during the current read, for one executor hand-off at its end (inbound). */
  private ArrayList<Runnable> readBatch;
  private final Runnable releaseReadBatch = this::releaseReadBatch;
  private Metadata pendingTrailers;
  private boolean finished; // status decided (listener close scheduled or queued); written under inbound

  // any thread
  private volatile boolean streamOpen;
  private volatile boolean writable;
  private volatile boolean closedForSends;
  private volatile Status failure; // a response that failed to parse, set on the call executor
  private boolean started;
  /** Set by halfClose() on the caller's thread; read by isReady() and on the event loop. */
  private volatile boolean halfClosed;
  private volatile boolean messageCompression = true;

  public NettyClientCall(
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      ClientConnection connection,
      ClientTransportSettings settings,
      String authority) {
    this.method = method;
    this.options = options;
    this.connection = connection;
    this.eventLoop = connection.eventLoop();
    this.writes = connection.writeQueue();
    this.pending = new Pending(writes);
    this.settings = settings;
    this.authority = authority;
    this.executor =
        new SerializingExecutor(options.executor() != null ? options.executor() : settings.executor());
  }

  // ---- API, caller threads ---------------------------------------------------------------------

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    if (started) {
      throw new IllegalStateException("Call already started");
    }
    started = true;
    this.listener = listener;
    this.deadline = CallDeadlines.forNewCall(options); // a call made while serving inherits its deadline
    Http2Headers h = requestHeaders(headers);
    writes.run(() -> {
      if (finished) {
        return;
      }
      if (deadline != null) {
        long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
        if (nanos <= 0) {
          finish(deadlineExceeded(), new Metadata(), false);
          return;
        }
        deadlineTimer = eventLoop.schedule(this::onDeadline, nanos, TimeUnit.NANOSECONDS);
      }
      pending.write(new DefaultHttp2HeadersFrame(h, false));
      connection.openStream(new Opener());
    });
  }

  private Http2Headers requestHeaders(Metadata md) {
    Http2Headers h =
        new DefaultHttp2Headers(false)
            .method(GrpcHeaders.POST)
            .scheme(settings.sslContext() != null ? GrpcHeaders.HTTPS : GrpcHeaders.HTTP)
            .path(method.path())
            .authority(authority);
    h.set(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.APPLICATION_GRPC);
    h.set(GrpcHeaders.TE, GrpcHeaders.TRAILERS);
    h.set(GrpcHeaders.USER_AGENT, settings.userAgent());
    h.set(GrpcHeaders.GRPC_ACCEPT_ENCODING, GrpcHeaders.ACCEPTED_ENCODINGS);
    if (options.compression() != null) {
      h.set(GrpcHeaders.GRPC_ENCODING, GrpcHeaders.GZIP);
    }
    if (deadline != null) {
      h.set(GrpcHeaders.GRPC_TIMEOUT, GrpcTimeout.encode(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    GrpcHeaders.addMetadata(h, md);
    // The channel's version and group (a direct target's ?version=&group=) unless the call chose.
    if (!settings.serviceVersion().isEmpty() && !h.contains(GrpcHeaders.TRI_SERVICE_VERSION)) {
      h.set(GrpcHeaders.TRI_SERVICE_VERSION, settings.serviceVersion());
    }
    if (!settings.serviceGroup().isEmpty() && !h.contains(GrpcHeaders.TRI_SERVICE_GROUP)) {
      h.set(GrpcHeaders.TRI_SERVICE_GROUP, settings.serviceGroup());
    }
    return h;
  }

  @Override
  public void request(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("request(" + n + ")");
    }
    if (!eventLoop.inEventLoop() && takeMessagesHere(n)) {
      return;
    }
    onLoop(() -> {
      synchronized (inbound) {
        inbound.request(n);
      }
      deliver();
    });
  }

  /**
   * request(n) off the event loop: hands over messages that are already buffered, and the final
   * status once they are all out if the trailers are already here (a fast server has often
   * finished long before its client has read everything). Returns false when the call is not
   * streaming responses right now (stream not open yet, or the outcome already delivered), and
   * the event loop does the request as before.
   */
  private boolean takeMessagesHere(int n) {
    synchronized (inbound) {
      if (!inbound.isOpen() && !finished) {
        // The stream is not open yet, so no message can be waiting (inbound is opened under
        // this lock when the stream opens): the count is all there is to record, and the event loop
        // uses it when messages come. A unary call's request(2) costs no loop task this way.
        inbound.request(n);
        return true;
      }
      if (!inbound.isOpen() || inbound.isReleased() || (finished && pendingStatus == null)) {
        return false;
      }
      inbound.request(n);
      if (finished) {
        deliverLocked(); // nothing more will arrive: no window to give back
        return true;
      }
      try {
        inbound.take(this::deliverLater);
      } catch (MessageDeframer.DeframeException e) {
        onLoop(() -> {
          if (!finished) {
            resetStream();
            finish(e.status(), new Metadata(), false);
          }
        });
        return true;
      }
      // Give the taken bytes back to the server's window on the event loop: one task at a
      // time, which carries whatever was taken until it runs.
      if (inbound.scheduleReturnTask()) {
        writes.run(this::returnConsumedBytes); // with the next request message, if one is queued
      }
      return true;
    }
  }

  @Override
  public void sendMessage(ReqT message) {
    checkStarted();
    if (halfClosed) {
      throw new IllegalStateException("sendMessage after halfClose");
    }
    if (closedForSends) {
      return; // the call already ended; its status reaches the listener
    }
    boolean takeNeeded;
    try {
      takeNeeded = options.compression() != null && messageCompression
          ? outbound.add(MessageFramer.frame(ByteBufAllocator.DEFAULT, method.requestMarshaller(), message, true))
          : outbound.add(method.requestMarshaller(), message);
    } catch (StatusException e) {
      cancel("Failed to serialize request", e);
      return;
    }
    if (takeNeeded) {
      writes.run(writeOutbound);
    }
  }

  @Override
  public void halfClose() {
    checkStarted();
    if (halfClosed) {
      return;
    }
    halfClosed = true;
    writes.run(this::sendEndStream);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Status status = Status.CANCELLED.withDescription(message == null ? "Call cancelled" : message);
    if (cause != null) {
      status = status.withCause(cause);
    }
    Status s = status;
    onLoop(() -> {
      synchronized (inbound) { // request(n) may be delivering the held status on its own thread
        if (finished) {
          if (pendingStatus != null) {
            // Trailers came but messages were still waiting for request(n): the user gave up on them.
            pendingStatus = null;
            closeListener(s, new Metadata());
          }
          return;
        }
      }
      resetStream();
      finish(s, new Metadata(), false);
    });
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    messageCompression = enabled;
  }

  @Override
  public boolean isReady() {
    // Messages the event loop has not taken yet count as buffered too (see OutboundMessages).
    // After halfClose() nothing more can be sent: not ready (as grpc-java's ClientCall says).
    return streamOpen && maySend() && writable && outbound.belowReadyThreshold();
  }

  @Override
  public long wireBytesReceived() {
    return inbound.receivedBytes();
  }

  @Override
  public long wireBytesSent() {
    return outbound.totalBytes();
  }

  /** Whether the application may still send: false once it half-closed or the stream ended. */
  private boolean maySend() {
    return !halfClosed && !closedForSends;
  }

  /**
   * onReady, unless the call was half-closed meanwhile: the decision to send it is taken on the
   * event loop, and the application may half-close before the callback runs.
   */
  private final Runnable deliverReady = () -> {
    if (maySend()) {
      listener.onReady();
    }
  };

  private void checkStarted() {
    if (!started) {
      throw new IllegalStateException("Call not started");
    }
  }

  private void onLoop(Runnable r) {
    if (eventLoop.inEventLoop()) {
      r.run();
      return;
    }
    try {
      eventLoop.execute(r);
    } catch (RejectedExecutionException e) {
      // The channel's I/O threads are gone (shutdownNow): nothing runs there any more, so end
      // the call here rather than leave its caller waiting.
      if (!finished) {
        String message = "Channel to " + connection.target() + " is shut down";
        // Never sent only if its stream never opened; otherwise the server may have it.
        finish(stream == null ? NotSent.unavailable(message, null) : Status.UNAVAILABLE.withDescription(message),
            new Metadata(), false);
      }
    }
  }

  // ---- event loop: outbound --------------------------------------------------------------------

  /**
   * Writes the request messages sent since the last visit, gathered into as few DATA frames as
   * OutboundMessages could (a client streaming small messages no longer costs a frame, promise
   * and flow-controller entry per message).
   */
  private void writeOutbound() {
    if (outbound.takeAll(sendBatch) >= OutboundMessages.READY_THRESHOLD
        && isReady() && !finished && ListenerOverrides.wantsOnReady(listener)) {
      // isReady() may have said no because of what was queued: the producer waits for onReady.
      callback(deliverReady);
    }
  }

  /**
   * A batch of request messages: written at the end of this write-queue drain, unless halfClose
   * comes in the same drain, in which case it carries END_STREAM (see {@link PendingStream}).
   */
  private void sendData(Http2DataFrame frame) {
    if (finished) {
      frame.release();
      return;
    }
    pending.sendData(frame);
  }

  private void sendEndStream() {
    if (!finished) {
      pending.endStream();
    }
  }

  /** Ends the call when a frame cannot be written; the first failure says why. */
  private final class Pending extends PendingStream {
    Pending(WriteQueue writes) {
      super(writes);
    }

    @Override
    void writeFailed(Throwable cause) {
      // Writes still queued when we reset the stream ourselves fail (stream closed) while
      // resetStream() runs, before the caller records why it reset: that reason must win.
      if (!finished && !resetByUs) {
        finish(sendFailure(cause), new Metadata(), false);
      }
    }
  }

  /**
   * A failed write: headers the server refuses to accept (its SETTINGS_MAX_HEADER_LIST_SIZE) are
   * the caller's mistake and fail the same way on any retry, so they are INTERNAL with a message
   * that says what to fix; anything else means the connection is going away (UNAVAILABLE).
   */
  private Status sendFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof Http2Exception.HeaderListSizeException) {
        return Status.INTERNAL.withDescription("Request metadata too large for " + connection.target()
            + " (" + t.getMessage() + "); send less metadata or raise the server's maxHeaderListSize")
            .withCause(cause);
      }
    }
    return Status.UNAVAILABLE.withDescription("Failed to send to " + connection.target() + ": " + cause).withCause(cause);
  }

  private final class Opener implements ClientConnection.ClientStreamOpener {
    @Override
    public ClientConnectionHandler.StreamListener listener() {
      return new StreamEvents();
    }

    @Override
    public void opened(Channel connection, ClientConnectionHandler handler, Http2FrameStream s) {
      if (finished) {
        handler.forget(s);
        pending.releaseAll();
        return;
      }
      conn = connection;
      streams = handler;
      stream = s;
      writable = handler.isWritable(s);
      streamOpen = true;
      // isReady() was false until now; a producer waiting for onReady must hear of the change
      // (flow control only reports changes after this point). Not after halfClose(): isReady()
      // stays false then, and a unary call (started, sent and half-closed before its stream
      // opens) would pay a pool thread's wake-up for nothing.
      if (maySend() && ListenerOverrides.wantsOnReady(listener)) {
        callback(deliverReady);
      }
      synchronized (inbound) {
        inbound.open(new MessageDeframer(connection.alloc(), settings.maxInboundMessageSize()));
      }
      pending.open(connection, s);
      writes.beforeFlush(NOTHING); // flush with the current drain, or now if there is none
    }

    @Override
    public void failed(String message, Throwable cause) {
      pending.releaseAll();
      // Called only before the stream opened: nothing of this call was written.
      finish(NotSent.unavailable(message, cause), new Metadata(), false);
    }
  }

  private static final Runnable NOTHING = () -> {};

  private void resetStream() {
    resetByUs = true;
    if (stream != null && stream.id() > 0 && stream.state() != Http2Stream.State.CLOSED && conn.isActive()) {
      conn.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
    }
  }

  private void onDeadline() {
    if (!finished) {
      resetStream();
      finish(deadlineExceeded(), new Metadata(), false);
    }
  }

  private Status deadlineExceeded() {
    return Status.DEADLINE_EXCEEDED.withDescription(
        "Deadline exceeded for " + method.fullMethodName()
            + (options.timeout() != null ? " after " + options.timeout() : ""));
  }

  // ---- event loop: inbound ---------------------------------------------------------------------

  private final class StreamEvents implements ClientConnectionHandler.StreamListener {
    @Override
    public void onHeaders(Http2HeadersFrame frame) {
      NettyClientCall.this.onHeaders(frame.headers(), frame.isEndStream());
    }

    @Override
    public void onData(Http2DataFrame frame) {
      // Padding is never delivered; give it back at once.
      streams.consume(stream, frame.initialFlowControlledBytes() - frame.content().readableBytes());
      NettyClientCall.this.onData(frame.content(), frame.isEndStream());
    }

    @Override
    public void onReset(long errorCode) {
      NettyClientCall.this.onReset(errorCode);
    }

    @Override
    public boolean onWritabilityChanged(boolean nowWritable) {
      boolean was = writable;
      writable = nowWritable;
      // After halfClose() isReady() stays false: onReady would tell the listener nothing (a unary
      // request larger than the stream's buffer flips writability after its halfClose, and each
      // onReady was a pool thread's wake-up).
      if (nowWritable && !was && !finished && maySend() && ListenerOverrides.wantsOnReady(listener)) {
        callback(deliverReady);
      }
      return was && !nowWritable;
    }

    @Override
    public void onClosed() {
      closedForSends = true;
      if (pendingStatus == null) {
        // Otherwise messages that arrived before the trailers are still to be handed out as
        // the application requests them; closeListener releases the buffer after that.
        releaseDeframer();
      }
      // After our own reset the caller decides the status (deadline, cancel, bad response).
      if (!finished && !resetByUs) {
        finish(Status.UNAVAILABLE.withDescription(
            "Stream to " + connection.target() + " closed before the call completed"), new Metadata(), false);
      }
    }

    @Override
    public void onError(Throwable cause) {
      if (finished) {
        return;
      }
      if (cause instanceof Http2FrameStreamException e) {
        // The server broke HTTP/2 on this stream (the stream is being reset): gRPC maps that to
        // INTERNAL, as grpc-java does, naming what was wrong.
        Throwable why = e.getCause() != null ? e.getCause() : e;
        finish(Status.INTERNAL.withDescription("HTTP/2 stream error " + e.error() + " from "
            + connection.target() + ": " + why.getMessage()).withCause(cause), new Metadata(), false);
      } else {
        finish(Status.UNAVAILABLE.withDescription("Stream error: " + cause).withCause(cause), new Metadata(), false);
      }
    }
  }

  private void onHeaders(Http2Headers h, boolean endStream) {
    if (finished) {
      return;
    }
    Metadata md = GrpcHeaders.toMetadata(h);
    if (!headersReceived) {
      headersReceived = true;
      Status ends = ResponseStatus.ofHeaders(h, endStream);
      if (ends != null) { // trailers-only, or not a gRPC response
        if (!endStream) {
          resetStream();
        }
        finish(ends, md, false);
        return;
      }
      CharSequence enc = h.get(GrpcHeaders.GRPC_ENCODING);
      responseEncoding = enc == null ? null : enc.toString();
      callback(() -> listener.onHeaders(md));
      return;
    }
    Status status = ResponseStatus.ofTrailers(h, endStream);
    if (!endStream) {
      resetStream();
    }
    // Messages that arrived before the trailers are delivered first, whatever the status (as
    // grpc-java does): a server that sent two replies and then an error has sent two replies.
    finish(status, md, true);
  }

  private void onData(ByteBuf data, boolean endStream) {
    synchronized (inbound) {
      if (finished && pendingStatus == null) {
        streams.consume(stream, data.readableBytes());
        data.release();
        return;
      }
      inbound.add(data);
      deliverLocked();
    }
    returnConsumedBytesAfterRead();
    if (endStream && pendingStatus == null && !finished) {
      finish(Status.INTERNAL.withDescription("Server closed the stream without sending trailers"), new Metadata(), false);
    }
  }

  private void onReset(long errorCode) {
    if (finished) {
      return;
    }
    Http2Error err = Http2Error.valueOf(errorCode);
    if (err == Http2Error.NO_ERROR) {
      // A server that has answered sends RST_STREAM(NO_ERROR) to stop our sending. Netty fires
      // the reset at once while frames not yet read (our trailers) still sit in the stream's
      // inbound queue; they are delivered before the stream closes, so wait for them.
      // channelInactive reports the call if they never come.
      return;
    }
    Status s;
    if (err == Http2Error.CANCEL && deadline != null && deadline.isExpired()) {
      // The server ended the call at the deadline we sent it (grpc-timeout) just before our own
      // deadline timer ran: report the deadline, as grpc-java does, not the server's CANCEL.
      finish(deadlineExceeded(), new Metadata(), false);
      return;
    } else if (err == Http2Error.CANCEL) {
      s = Status.CANCELLED;
    } else if (err == Http2Error.REFUSED_STREAM) {
      s = Status.UNAVAILABLE;
    } else if (err == Http2Error.ENHANCE_YOUR_CALM) {
      s = Status.RESOURCE_EXHAUSTED;
    } else {
      s = Status.INTERNAL;
    }
    finish(s.withDescription("Stream reset by server: HTTP/2 error code " + (err == null ? errorCode : err.name())), new Metadata(), false);
  }

  /** Hands buffered messages to the listener as requested, then the final status if held. */
  private void deliver() {
    synchronized (inbound) {
      deliverLocked();
    }
    returnConsumedBytes();
  }

  private void deliverLocked() {
    if (inbound.isOpen() && !inbound.isReleased() && (!finished || pendingStatus != null)) {
      try {
        inbound.take(this::deliverLater);
      } catch (MessageDeframer.DeframeException e) {
        if (!finished) { // event loop only (request(n) elsewhere comes here only when finished)
          resetStream();
          finish(e.status(), new Metadata(), false);
        } else if (pendingStatus != null) { // the server has ended the stream: nothing to reset
          pendingStatus = null;
          closeListener(e.status(), new Metadata());
        }
        return;
      }
    }
    if (pendingStatus != null) {
      boolean drained = !inbound.isOpen() || !inbound.hasPartialMessage();
      if (drained) {
        Status s = pendingStatus;
        Metadata t = pendingTrailers;
        pendingStatus = null;
        closeListener(s, t);
      } else if (inbound.requested() > 0) {
        pendingStatus = null;
        closeListener(Status.INTERNAL.withDescription("Response ended in the middle of a message"), pendingTrailers);
      }
      return;
    }
    // The caller gives taken bytes back (returnConsumedBytes) once it has let go of the lock:
    // that writes to the connection, which the application's request(n) must not wait for.
  }

  /**
   * Gives the server window back for the bytes taken as messages and, while the application
   * waits for a message, for everything received (a message larger than the window could
   * otherwise never arrive). Unrequested messages stay bounded by the window.
   */
  private void returnConsumedBytes() { // event loop
    int bytes;
    synchronized (inbound) {
      inbound.returnTaskRuns();
      if (stream == null || !inbound.isOpen() || inbound.isReleased()) {
        return;
      }
      bytes = inbound.takeReturnable();
    }
    if (bytes > 0) {
      streams.consume(stream, bytes);
    }
  }

  /**
   * Event loop, from a read: gives the taken bytes back once, when the read is over, instead of
   * once per DATA frame. A unary response's trailers usually come in the same read and close the
   * stream, whose bytes Netty then returns by itself: no window update to write at all (it was
   * 3.5% of the client's event loop at 256 unary calls in flight). A large message arriving in
   * many frames gets one update per read.
   */
  private void returnConsumedBytesAfterRead() {
    synchronized (inbound) {
      if (!inbound.scheduleReturnTaskAnyway()) {
        return;
      }
    }
    writes.beforeFlush(this::returnConsumedBytes);
  }

  /**
   * Runs {@code r} on the call executor, after every callback queued before it. During a read
   * (or a write-queue drain) on the event loop, callbacks are gathered and handed to the executor
   * together when it ends: a unary response's headers, message and trailers, which usually come
   * in one read, then cost one thread hand-off instead of three. Any thread; callbacks from
   * request(n) on the application's thread join the open batch too, so the order is kept.
   */
  private void callback(Runnable r) {
    synchronized (inbound) {
      if (readBatch != null) {
        readBatch.add(r);
      } else if (eventLoop.inEventLoop() && writes.flushPending()) {
        readBatch = new ArrayList<>(4);
        readBatch.add(r);
        writes.beforeFlush(releaseReadBatch);
      } else {
        executor.execute(r);
      }
    }
  }

  /** Event loop, at the end of the read or drain that opened the batch. */
  private void releaseReadBatch() {
    synchronized (inbound) {
      List<Runnable> batch = readBatch;
      readBatch = null;
      if (batch != null) {
        Runnable drain = executor.enqueueAll(batch);
        if (drain != null) {
          writes.handOff(executor.delegate(), drain); // with the other calls' of this read
        }
      }
    }
  }

  /** Queues {@code frame} for the listener on the call executor (in deframing order). */
  private void deliverLater(MessageDeframer.Frame frame) {
    callback(() -> deliverMessage(frame));
  }

  /** Runs on the call executor. */
  private void deliverMessage(MessageDeframer.Frame frame) {
    if (failure != null) {
      frame.body().release();
      return;
    }
    RespT message;
    try {
      message = MessageReader.read(method.responseMarshaller(), frame.body(), frame.compressed(),
          responseEncoding, settings.maxInboundMessageSize(), Status.INTERNAL);
    } catch (StatusException e) {
      // Overrides whatever status the stream ends with; later messages are dropped.
      failure = e.getStatus();
      onLoop(() -> {
        if (!finished) {
          resetStream();
          finish(e.getStatus(), new Metadata(), false);
        }
      });
      return;
    }
    listener.onMessage(message);
  }

  /**
   * Decides the call's outcome. With {@code afterMessages}, buffered messages are delivered
   * first (a normal end); otherwise the listener is closed at once.
   */
  private void finish(Status status, Metadata trailers, boolean afterMessages) {
    synchronized (inbound) {
      finishLocked(status, trailers, afterMessages);
    }
  }

  private void finishLocked(Status status, Metadata trailers, boolean afterMessages) {
    if (finished) {
      return;
    }
    finished = true;
    closedForSends = true;
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    pending.releaseAll();
    if (afterMessages) {
      pendingStatus = status;
      pendingTrailers = trailers;
      deliver();
    } else {
      closeListener(status, trailers);
    }
  }

  private void closeListener(Status status, Metadata trailers) {
    if (!status.isOk() && log.isDebugEnabled()) {
      log.debug("Call {} to {} ended: {}", method.fullMethodName(), connection.target(), status);
    }
    // Nothing more is delivered after the listener is closed.
    releaseDeframer();
    callback(() -> {
      Status f = failure;
      listener.onClose(f != null ? f : status, trailers);
    });
  }

  /** Frees the inbound buffer once. */
  private void releaseDeframer() {
    synchronized (inbound) {
      inbound.release();
    }
  }
}
