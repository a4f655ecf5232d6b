package io.triple.netty.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
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
import io.triple.internal.SerializingExecutor;
import io.triple.internal.StartFailures;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.GrpcWebTextDecoder;
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
 * The server call of every framed (enveloped) dialect: gRPC, gRPC+JSON, Connect's streams and
 * binary gRPC-Web, whatever the HTTP version. It deframes the request body into messages as the
 * handler asks for them, and carries the handler's response back as headers, framed messages and
 * the dialect's end (gRPC trailers, or the last envelope of Connect and gRPC-Web).
 *
 * <p>What it needs of the HTTP side is a {@link Transport}: on HTTP/2 the stream
 * ({@link ServerStream}, frames through the connection's {@code WriteQueue}), on HTTP/1.1 one
 * request and its chunked response (the web package's). As grpc-java's
 * {@code AbstractServerStream} and its {@code Sink}: the call's state machine here, the bytes
 * there. On HTTP/2, the hot path, each write is one call on that interface, which has two
 * implementations (a bimorphic call site), and nothing is allocated per message for it.
 *
 * <p>Netty callbacks ({@link #onData}, {@link #onInboundEnd}, ...) run on the connection's event
 * loop; handler callbacks run on a {@link SerializingExecutor} over the server's executor.
 *
 * <p>Inbound flow control: received bytes are returned to the peer ({@link Transport#returnBytes})
 * only as the handler takes messages, so a slow handler makes the window close instead of
 * buffering without bound.
 */
public final class FramedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(FramedCall.class);

  /**
   * The HTTP side of one framed call: what the call writes and where it gives window back.
   * Writes may come from any thread and leave in the order they were made.
   */
  public interface Transport {
    ByteBufAllocator alloc();

    EventLoop eventLoop();

    SocketAddress remoteAddress();

    /** Writes the response headers (any thread). */
    void writeHeaders(Http2Headers headers);

    /**
     * Writes one batch of framed messages (event loop, inside a {@link #run} task). Asked for once
     * per call: the call keeps it, so a write costs one call on it and no allocation.
     */
    Consumer<ByteBuf> messageWriter();

    /** Runs {@code task} on the event loop in order with the writes (any thread). */
    void run(Runnable task);

    /** Event loop: runs {@code task} when the current read is over (at once if none is). */
    void beforeFlush(Runnable task);

    /**
     * Ends the response with {@code lastEnvelope} (the dialects with the status in the body);
     * {@code written} hears how it went, on the event loop.
     */
    void writeLastMessage(ByteBuf lastEnvelope, ChannelFutureListener written);

    /**
     * Ends the response with trailers (gRPC); headers and trailers in one if no headers were
     * written. {@code written} as for {@link #writeLastMessage}.
     */
    void writeTrailers(Http2Headers trailers, ChannelFutureListener written);

    /**
     * Event loop: the response's end is written. {@code requestFinished}: the whole request was
     * read too; if not, the transport may stop a client that is still sending.
     */
    void endWritten(boolean requestFinished);

    /** Event loop: {@code bytes} of the request taken by the handler may be sent again. */
    void returnBytes(int bytes);

    /** Whether a message written now would go out without piling up (flow control, socket). */
    boolean isWritable();

    /**
     * Event loop: the call's deadline passed and it is cancelled; end the exchange as the
     * transport can (HTTP/2: reset the stream; HTTP/1.1: {@link #endForDeadline}).
     */
    void deadlineExceeded(FramedCall<?, ?> call);
  }

  private final MethodDescriptor<ReqT, RespT> method;
  private final ServerCallHandler<ReqT, RespT> handler;
  private final Marshaller<ReqT> requestMarshaller; // the method's, or its JSON form
  private final Marshaller<RespT> responseMarshaller;
  private final Dialect dialect;
  private final Http2Headers cors; // for every answer's headers (browser origins; empty for gRPC)
  private final Metadata requestHeaders;
  private final String encoding;
  private final Deadline deadline;
  private final ServerStreamSettings settings;
  private final Transport transport;
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
  private boolean clientAcceptsGzip;
  private boolean gzip; // compress responses
  private boolean messageCompression = true;
  private volatile boolean currentMessageCompressed;
  /** Messages sent by the handler, not yet handed to the connection. */
  private final OutboundMessages outbound;
  private final Runnable writeOutbound = this::writeOutbound;
  private final Consumer<ByteBuf> writeBatch;
  /** gRPC-Web's text form only: the request's base64, decoded as it comes (event loop only). */
  private final GrpcWebTextDecoder text;
  private long textDecoded; // bytes the decoder produced
  private long textReturned; // base64's overhead given back to the peer

  private FramedCall(
      MethodDescriptor<ReqT, RespT> method,
      ServerCallHandler<ReqT, RespT> handler,
      Metadata requestHeaders,
      String encoding,
      Deadline deadline,
      Marshaller<ReqT> requestMarshaller,
      Marshaller<RespT> responseMarshaller,
      Dialect dialect,
      Http2Headers cors,
      ServerStreamSettings settings,
      Transport transport) {
    this.method = method;
    this.handler = handler;
    this.requestMarshaller = requestMarshaller;
    this.responseMarshaller = responseMarshaller;
    this.dialect = dialect;
    this.cors = cors;
    this.requestHeaders = requestHeaders;
    this.encoding = encoding;
    this.deadline = deadline;
    this.settings = settings;
    this.transport = transport;
    // Held until the request's first DATA frame or the end of the read that brought the
    // headers: a unary call's start, message and half-close then reach the handler's
    // executor as one task (one thread wake-up), not two.
    this.executor = SerializingExecutor.held(settings.executor());
    this.inbound = new InboundMessages(new MessageDeframer(transport.alloc(), settings.maxInboundMessageSize()));
    this.outbound = new OutboundMessages(transport.alloc());
    Consumer<ByteBuf> writer = transport.messageWriter();
    if (dialect == Dialect.GRPC_WEB_TEXT) {
      // Each batch of answers in base64 of its own, as gRPC-Web's text form allows.
      this.text = new GrpcWebTextDecoder(transport.alloc());
      this.writeBatch = batch -> writer.accept(dialect.textIfNeeded(batch, transport.alloc()));
    } else {
      this.text = null;
      this.writeBatch = writer;
    }
  }

  /**
   * Starts the call {@code admitted} on {@code transport} (event loop). {@code endStream}: the
   * request ended with its headers.
   */
  public static <ReqT, RespT> FramedCall<ReqT, RespT> start(RequestAdmission.Admitted<ReqT, RespT> admitted,
      Http2Headers requestHeaders, boolean endStream, ServerStreamSettings settings, Transport transport) {
    FramedCall<ReqT, RespT> c = new FramedCall<>(admitted.definition().method(), admitted.definition().handler(),
        GrpcHeaders.toMetadata(requestHeaders), admitted.encoding(), admitted.deadline(),
        admitted.requestMarshaller(), admitted.responseMarshaller(), admitted.dialect(), admitted.cors(),
        settings, transport);
    c.clientAcceptsGzip = admitted.clientAcceptsGzip();
    if (admitted.target().service().compression() != null) {
      c.setCompression(admitted.target().service().compression());
    }
    c.start(endStream);
    return c;
  }

  private void start(boolean endStream) {
    if (deadline != null) {
      long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      deadlineTimer = transport.eventLoop().schedule(this::onDeadline, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
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
    transport.beforeFlush(executor::release);
  }

  // -- inbound: DATA on the event loop, request(n) on any thread --

  /** Event loop: request body bytes (now owned here); {@code endStream}: the last of them. */
  public void onData(ByteBuf data, boolean endStream) {
    if (text != null && (data = decodeText(data, endStream)) == null) {
      return;
    }
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
      transport.returnBytes(toReturn);
    } else if (readReturn > 0 && !readReturnPending) {
      // Once when the read is over, not per DATA frame: a large message comes in many frames
      // per read (64 window updates through the pipeline per 1 MiB message before).
      readReturnPending = true;
      transport.beforeFlush(sendReadReturn);
    }
  }

  /**
   * gRPC-Web text: the bytes {@code data} (released) completes, with the end of an unpadded last
   * group if {@code endStream}; or null if it is not base64, and the call fails. What base64 cost
   * goes back to the peer at once: only the decoded bytes wait for the handler.
   */
  private ByteBuf decodeText(ByteBuf data, boolean endStream) {
    ByteBuf decoded;
    try {
      decoded = text.decode(data);
      if (endStream) {
        ByteBuf rest = text.finish();
        if (rest != null) {
          decoded.writeBytes(rest);
          rest.release();
        }
      }
    } catch (java.io.IOException e) {
      Runnable drain;
      synchronized (inbound) {
        if (!streamDone) {
          failFromTransport(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
        drain = takeDrain();
      }
      executor.scheduleDrain(drain);
      executor.release();
      returnTextOverhead(Long.MAX_VALUE);
      return null;
    }
    textDecoded += decoded.readableBytes();
    returnTextOverhead(text.settled());
    return decoded;
  }

  /** Gives back the base64 overhead of the {@code settled} characters not given back yet. */
  private void returnTextOverhead(long settled) {
    long n = Math.min(settled, text.settled()) - textDecoded - textReturned;
    if (n > 0) {
      textReturned += n;
      transport.returnBytes((int) n);
    }
  }

  /** Event loop: sends the window update counted during the read that is ending. */
  private void sendReadReturn() {
    readReturnPending = false;
    int n = readReturn;
    readReturn = 0;
    transport.returnBytes(n);
  }

  /** Event loop: the request ended (END_STREAM on HEADERS or trailers, the last chunk). */
  public void onInboundEnd() {
    ByteBuf rest = null;
    if (text != null) {
      try {
        rest = text.finish();
      } catch (java.io.IOException e) {
        synchronized (inbound) {
          if (!streamDone) {
            failFromTransport(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
          }
        }
      }
    }
    int toReturn;
    Runnable drain;
    synchronized (inbound) {
      if (rest != null) {
        if (streamDone) {
          rest.release();
        } else {
          inbound.add(rest);
        }
      }
      inboundEnded = true;
      toReturn = deliver() ? inbound.takeReturnable() : 0;
      drain = takeDrain();
    }
    executor.scheduleDrain(drain);
    transport.returnBytes(toReturn);
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
    transport.returnBytes(toReturn);
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

  /** Event loop: the transport can take more again. */
  public void onWritable() {
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

  /**
   * Event loop: the exchange is gone (stream closed or reset, connection closed) or its request
   * will not be read further; a call still running is cancelled for {@code why}.
   */
  public void onStreamClosed(String why) {
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
      cancel(why);
    }
  }

  private void onDeadline() {
    if (!closed) {
      log.debug("Deadline exceeded for {}", method.fullMethodName());
      cancel("Deadline exceeded");
      transport.deadlineExceeded(this);
    }
  }

  /**
   * Event loop, for a transport that cannot reset its exchange (HTTP/1.1): ends the response,
   * cancelled for its deadline, with DEADLINE_EXCEEDED where the dialect puts the status.
   */
  public void endForDeadline() {
    writeEnd(Status.DEADLINE_EXCEEDED.withDescription("Deadline exceeded: the handler did not answer in time"),
        null, f -> transport.endWritten(false));
  }

  /** Ends the call as cancelled (the client went away, or a stream error); any thread. */
  public void cancel(String why) {
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
    boolean onLoop = transport.eventLoop().inEventLoop();
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
          transport.run(this::returnTakenBytes);
        }
      }
      drain = takeDrain();
    }
    executor.scheduleDrain(drain);
    if (toReturn > 0) {
      transport.returnBytes(toReturn);
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
    transport.writeHeaders(h);
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
        ? outbound.add(MessageFramer.frame(transport.alloc(), responseMarshaller, message, true))
        : outbound.add(responseMarshaller, message);
    if (takeNeeded) {
      transport.run(writeOutbound);
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
    writeEnd(status, trailers, f -> {
      if (deadlineTimer != null) {
        deadlineTimer.cancel(false);
      }
      boolean requestFinished;
      synchronized (inbound) {
        requestFinished = inboundEnded && halfCloseDelivered;
      }
      transport.endWritten(requestFinished);
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

  /** Writes the response's end with {@code status}: trailers, or the dialect's last envelope. */
  private void writeEnd(Status status, Metadata trailers, ChannelFutureListener written) {
    if (dialect.statusInBody()) {
      if (!headersSent) {
        headersSent = true;
        transport.writeHeaders(responseHeaders(false));
      }
      transport.writeLastMessage(dialect.endOfStream(transport.alloc(), status, trailers), written);
    } else {
      Http2Headers h = headersSent ? new DefaultHttp2Headers(false) : responseHeaders(false);
      GrpcHeaders.addStatus(h, status);
      GrpcHeaders.addMetadata(h, trailers);
      transport.writeTrailers(h, written);
    }
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
    return !closed && outbound.belowReadyThreshold() && transport.isWritable();
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return method;
  }

  @Override
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
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
