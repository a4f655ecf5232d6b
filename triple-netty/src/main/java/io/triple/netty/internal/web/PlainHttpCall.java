package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.concurrent.ScheduledFuture;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerMethodDefinition;
import io.triple.Status;
import io.triple.internal.CancellationHooks;
import io.triple.internal.ListenerOverrides;
import io.triple.internal.MethodRegistry;
import io.triple.internal.SerializingExecutor;
import io.triple.internal.StartFailures;
import io.triple.netty.internal.server.CorsPolicy;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.HttpErrors;
import io.triple.netty.internal.wire.LimitedInputStream;
import io.triple.netty.internal.wire.RequestTimeout;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Triple plain-HTTP call (the Triple spec's "HTTP RPC" sub-protocol, over HTTP/1.1 or
 * HTTP/2): the request is one bare {@code application/json} or {@code application/proto}
 * message; a unary method answers an HTTP status, headers and one bare message, or a JSON error
 * ({@link HttpErrors}). This is what {@code curl -d '{"name":"x"}' -H 'content-type:
 * application/json' http://host:port/pkg.Service/Method} talks to. A server-streaming method
 * called with JSON answers {@code text/event-stream}: each message a server-sent event
 * {@code data:<json>}, as it is sent (as Dubbo Java 3.3 does over HTTP/1.1), a failure one last
 * event with Dubbo's error body ({@code data:{"message":"FAILED_PRECONDITION : no more","status":"400"}};
 * before the first event, with Dubbo's HTTP status for the code instead of 200:
 * {@link HttpErrors#sseError}), trailers as HTTP trailers.
 *
 * <p>The same handlers, interceptors and executor serve it as a gRPC call: to them it is a call
 * whose transport happens to be plain HTTP. A unary call's trailing metadata goes out as response
 * headers prefixed {@code trailer-} (HTTP/1.1 has no trailers after a fixed-length body;
 * Connect's unary protocol does the same).
 *
 * <p>The transport ({@link Exchange}) gathers the whole request body first, within the server's
 * message size limit, then {@link Route#start}s the call; handler callbacks run on a
 * {@link SerializingExecutor} over the server's executor, as for gRPC calls.
 */
final class PlainHttpCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(PlainHttpCall.class);
  private static final String TRAILER_PREFIX = "trailer-";
  private static final byte[] SSE_DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SSE_END = "\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The HTTP side of a call: one HTTP/2 stream or one HTTP/1.1 request. */
  interface Exchange {
    /**
     * Sends the whole answer; called at most once, from any thread. {@code done} runs on the
     * event loop once written, with whether the write succeeded.
     */
    void respond(Http2Headers headers, ByteBuf body, Consumer<Boolean> done);

    /** Starts an answer whose body follows in pieces (server-sent events); any thread. */
    void startStream(Http2Headers headers);

    /** One piece of the body started by {@link #startStream}; any thread, in order. */
    void sendPiece(ByteBuf piece);

    /**
     * Ends the body started by {@link #startStream}, with {@code trailers} if not empty (HTTP/2
     * trailers; HTTP/1.1 chunked trailers). {@code done} as for {@link #respond}.
     */
    void endStream(Http2Headers trailers, Consumer<Boolean> done);

    /** Whether a piece written now would go out without piling up (flow control, socket). */
    boolean isWritable();

    EventLoop eventLoop();

    ByteBufAllocator alloc();

    SocketAddress remoteAddress();
  }

  /**
   * Answers a request refused before any call started: the JSON error with {@code httpStatus}.
   * (Connect and gRPC-Web requests are refused by their own call, {@code FramedCall}'s
   * transports, with the status in the end-of-stream envelope.)
   */
  static void refuse(Exchange exchange, int httpStatus, Status status, boolean numericStatus, Http2Headers cors) {
    exchange.respond(HttpErrors.headers(httpStatus, status).add(cors),
        HttpErrors.body(exchange.alloc(), httpStatus, status, numericStatus), ok -> {});
  }

  /** A request that cannot be served: the HTTP status and the status to answer with. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final int httpStatus;
    final transient Status status;

    Rejected(int httpStatus, Status status) {
      super(status.description(), null, false, false);
      this.httpStatus = httpStatus;
      this.status = status;
    }

    Rejected(Status status) {
      this(HttpErrors.httpStatus(status.code()), status);
    }
  }

  /** What a request's headers resolve to; {@link #start} it once the body is in. */
  record Route(ServerMethodDefinition<?, ?> method, Dialect dialect, Metadata metadata,
      Deadline deadline, Http2Headers cors, boolean numericStatus, boolean gzipBody, boolean gzipAnswer) {

    PlainHttpCall<?, ?> start(ByteBuf body, ServerStreamSettings settings, Exchange exchange) {
      PlainHttpCall<?, ?> call = create(method, this, body, settings, exchange);
      call.start();
      return call;
    }

    private static <Q, R> PlainHttpCall<Q, R> create(ServerMethodDefinition<Q, R> def, Route route,
        ByteBuf body, ServerStreamSettings settings, Exchange exchange) {
      return new PlainHttpCall<>(def.method(), def.handler(), route, body, settings, exchange);
    }
  }

  /**
   * Resolves a request's headers ({@code :path}, content type, Dubbo's version and group,
   * {@code tri-service-timeout}) to a method that can serve it.
   */
  static Route route(Http2Headers h, Dialect dialect, MethodRegistry registry, CorsPolicy cors)
      throws Rejected {
    CharSequence pathSeq = h.path();
    String path = pathSeq == null ? "" : pathSeq.toString();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    MethodRegistry.Target target;
    try {
      target = registry.lookup(path, header(h, GrpcHeaders.TRI_SERVICE_VERSION),
          header(h, GrpcHeaders.TRI_SERVICE_GROUP));
    } catch (MethodRegistry.NotFound e) {
      throw new Rejected(e.status());
    }
    MethodDescriptor<?, ?> method = target.method().method();
    boolean streamed = method.type() == MethodType.SERVER_STREAMING && dialect == Dialect.HTTP_JSON;
    if (method.type() != MethodType.UNARY && !streamed) {
      throw new Rejected(415, Status.UNIMPLEMENTED.withDescription("Method " + method.fullMethodName()
          + " is " + method.type().toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + ": " + dialect.contentType + " calls serve unary methods (and server-streaming ones as"
          + " server-sent events with application/json); call it with gRPC"
          + " (content-type application/grpc) over HTTP/2"));
    }
    if (!dialect.supports(method)) {
      throw new Rejected(415, Status.UNIMPLEMENTED.withDescription("Method " + method.fullMethodName()
          + " has no JSON form (its marshallers are not JsonMarshallers); use application/proto"));
    }
    String encoding = header(h, "content-encoding");
    boolean gzipBody = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    if (encoding != null && !encoding.equalsIgnoreCase("identity") && !gzipBody) {
      throw new Rejected(415, Status.UNIMPLEMENTED.withDescription("Content-Encoding '" + encoding
          + "' is not supported for " + dialect.contentType + " calls (accepted: gzip, identity)"));
    }
    // Answers are gzipped as gRPC ones are: when the service asks for it and the client reads it.
    String accept = header(h, "accept-encoding");
    boolean gzipAnswer = "gzip".equals(target.service().compression())
        && accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    Deadline deadline;
    try {
      deadline = RequestTimeout.of(h, true);
    } catch (RequestTimeout.Invalid e) {
      throw new Rejected(e.status());
    }
    return new Route(target.method(), dialect, GrpcHeaders.toMetadata(h), deadline,
        cors.responseHeaders(h.get("origin")), HttpErrors.numericStatus(h), gzipBody, gzipAnswer);
  }

  private static String header(Http2Headers h, CharSequence name) {
    CharSequence v = h.get(name);
    return v == null ? null : v.toString();
  }

  private final MethodDescriptor<ReqT, RespT> method;
  private final ServerCallHandler<ReqT, RespT> handler;
  private final Dialect dialect;
  private final Metadata requestHeaders;
  private final Deadline deadline;
  private final SerializingExecutor executor;
  private final Executor handlerExecutor; // the server's, under the serializing one
  private final CancellationHooks cancelHooks = new CancellationHooks();
  private final Exchange exchange;
  private final Http2Headers cors; // added to every answer (empty unless a browser origin is allowed)
  private final boolean numericStatus; // of error bodies: HttpErrors.numericStatus
  private final boolean gzipBody; // content-encoding: gzip
  private final boolean gzipAnswer; // the service compresses and the client accepts gzip
  private final int maxInboundMessageSize; // also bounds a gzipped body once inflated
  private final long receivedBytes; // the request body as it came (gzipped if it was)
  private long sentBytes; // response messages as encoded (before gzip); under this
  /** Answered as a stream: server-sent events (JSON server streams). */
  private final boolean sse;
  private ByteBuf requestBody; // until parsed; guarded by this
  private Listener<ReqT> listener; // executor only
  private ScheduledFuture<?> deadlineTimer;
  // guarded by this
  private boolean messageRequested;
  private Metadata responseHeaders;
  private ByteBuf responseBody;
  private boolean streamStarted; // sse: the 200 and its headers are out
  private volatile boolean closed;
  private volatile boolean cancelled;

  private PlainHttpCall(MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> handler,
      Route route, ByteBuf body, ServerStreamSettings settings, Exchange exchange) {
    this.method = method;
    this.handler = handler;
    this.dialect = route.dialect();
    this.requestHeaders = route.metadata();
    this.deadline = route.deadline();
    this.requestBody = body;
    this.receivedBytes = body.readableBytes();
    this.handlerExecutor = settings.executor();
    this.executor = new SerializingExecutor(handlerExecutor);
    this.exchange = exchange;
    this.cors = route.cors();
    this.numericStatus = route.numericStatus();
    this.gzipBody = route.gzipBody();
    this.gzipAnswer = route.gzipAnswer();
    this.maxInboundMessageSize = settings.maxInboundMessageSize();
    this.sse = method.type() == MethodType.SERVER_STREAMING;
  }

  private void start() {
    if (deadline != null) {
      deadlineTimer = exchange.eventLoop().schedule(
          this::onDeadline, Math.max(deadline.timeRemaining(TimeUnit.NANOSECONDS), 0), TimeUnit.NANOSECONDS);
    }
    executor.execute(() -> {
      try {
        listener = handler.startCall(this, requestHeaders);
      } catch (RuntimeException | Error e) {
        close(StartFailures.status(e, method), StartFailures.trailers(e));
      }
    });
  }

  /** The client went away (stream reset, connection closed) before the answer was written. */
  void cancel(String why) {
    if (markCancelled()) {
      log.debug("Call {} cancelled: {}", method.fullMethodName(), why);
      notifyCancelled();
    }
  }

  private void onDeadline() {
    Status status = Status.DEADLINE_EXCEEDED.withDescription("Deadline exceeded: the handler did not answer in time");
    synchronized (this) {
      if (!markCancelled()) {
        return;
      }
      if (sse) {
        endStream(status, null, ok -> {});
      } else {
        respondError(status, null, null, ok -> {});
      }
    }
    log.debug("Deadline exceeded for {}", method.fullMethodName());
    notifyCancelled();
  }

  /** Ends the call as cancelled; false if it had already ended. */
  private boolean markCancelled() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      cancelled = true;
      releaseBuffers();
    }
    cancelDeadlineTimer();
    return true;
  }

  private void cancelDeadlineTimer() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
  }

  private void notifyCancelled() {
    cancelHooks.fire(handlerExecutor);
    executor.execute(() -> {
      if (listener != null) {
        listener.onCancel();
      }
    });
  }

  private void releaseBuffers() { // holding this
    if (requestBody != null) {
      requestBody.release();
      requestBody = null;
    }
    if (responseBody != null) {
      responseBody.release();
      responseBody = null;
    }
  }

  @Override
  public void request(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("request(" + n + ")");
    }
    synchronized (this) {
      if (messageRequested || closed) {
        return;
      }
      messageRequested = true;
    }
    executor.execute(this::deliver);
  }

  /** Executor: the one request message, then the half-close. */
  private void deliver() {
    ByteBuf body;
    synchronized (this) {
      body = requestBody;
      requestBody = null;
    }
    if (body == null || listener == null) {
      if (body != null) {
        body.release();
      }
      return; // closed meanwhile
    }
    ReqT message;
    try {
      if (gzipBody) {
        ByteBuf inflated = inflate(body);
        body.release();
        body = inflated;
      }
      message = dialect.parse(method.requestMarshaller(), body);
    } catch (LimitedInputStream.LimitExceeded e) {
      close(Status.RESOURCE_EXHAUSTED.withDescription(
          "Decompressed request body larger than max (" + maxInboundMessageSize + ")"), new Metadata());
      return;
    } catch (IOException | RuntimeException e) {
      close(Status.INVALID_ARGUMENT.withDescription(
          "Invalid " + dialect.contentType + " request: " + e.getMessage()), new Metadata());
      return;
    } finally {
      body.release();
    }
    listener.onMessage(message);
    if (!closed) {
      listener.onHalfClose();
    }
  }

  /** {@code body} (released) gzipped into a new buffer. */
  private ByteBuf gzip(ByteBuf body) {
    ByteBuf out = exchange.alloc().buffer(body.readableBytes() / 2 + 64);
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(new io.netty.buffer.ByteBufOutputStream(out))) {
      body.readBytes(gz, body.readableBytes());
    } catch (IOException | RuntimeException e) {
      out.release();
      throw new IllegalStateException("gzip into memory failed", e);
    } finally {
      body.release();
    }
    return out;
  }

  /** A gzipped request body, inflated within the message size limit. */
  private ByteBuf inflate(ByteBuf body) throws IOException {
    try (java.io.InputStream in = new LimitedInputStream(new java.util.zip.GZIPInputStream(
        new io.netty.buffer.ByteBufInputStream(body.retainedDuplicate(), true), 4096), maxInboundMessageSize)) {
      return io.netty.buffer.Unpooled.wrappedBuffer(in.readAllBytes());
    }
  }

  @Override
  public synchronized void sendHeaders(Metadata headers) {
    if (closed) {
      return;
    }
    if (responseHeaders != null) {
      throw new IllegalStateException("Headers already sent");
    }
    responseHeaders = headers;
  }

  @Override
  public void sendMessage(RespT message) {
    if (sse) {
      sendEvent(message);
      return;
    }
    ByteBuf encoded;
    try {
      encoded = dialect.encode(method.responseMarshaller(), message, exchange.alloc());
    } catch (IOException | RuntimeException e) {
      log.warn("Failed to encode the response of {}", method.fullMethodName(), e);
      close(Status.INTERNAL.withDescription("Failed to encode the response: " + e), new Metadata());
      return;
    }
    synchronized (this) {
      if (closed || responseBody != null) {
        encoded.release();
        throw closed ? closedError() : new IllegalStateException("A unary call has one response message");
      }
      if (responseHeaders == null) {
        responseHeaders = new Metadata();
      }
      sentBytes += encoded.readableBytes();
      responseBody = encoded;
    }
  }

  /** A streamed answer's message: one server-sent event, {@code data:<json>}. */
  private void sendEvent(RespT message) {
    ByteBuf event;
    try {
      event = sseEvent(SSE_DATA, dialect.encode(method.responseMarshaller(), message, exchange.alloc()));
    } catch (IOException | RuntimeException e) {
      log.warn("Failed to encode a response of {}", method.fullMethodName(), e);
      close(Status.INTERNAL.withDescription("Failed to encode a response: " + e), new Metadata());
      return;
    }
    synchronized (this) { // the exchange's writes in call order, against the deadline's too
      if (closed) {
        event.release();
        throw closedError();
      }
      startStreamIfNeeded();
      sentBytes += event.readableBytes();
      exchange.sendPiece(event);
    }
  }

  /** What sending on a closed call throws: CANCELLED if the client went away. */
  private RuntimeException closedError() {
    return cancelled ? Status.CANCELLED.withDescription("Call cancelled").asException()
        : new IllegalStateException("Call already closed");
  }

  private void startStreamIfNeeded() { // holding this
    startStreamIfNeeded(null);
  }

  /**
   * Starts the streamed answer: 200, or for server-sent events failing before the first one
   * ({@code failure}) Dubbo's HTTP status for its code, with {@code grpc-status} and
   * {@code grpc-message}, as Dubbo Java answers then.
   */
  private void startStreamIfNeeded(Status failure) { // holding this
    if (!streamStarted) {
      streamStarted = true;
      Http2Headers h = new DefaultHttp2Headers(false).status(failure == null ? GrpcHeaders.STATUS_200
          : Integer.toString(HttpErrors.dubboHttpStatus(failure.code())));
      h.set(GrpcHeaders.CONTENT_TYPE, "text/event-stream");
      h.set("cache-control", "no-cache");
      if (failure != null) {
        GrpcHeaders.addStatus(h, failure);
      }
      GrpcHeaders.addMetadata(h, responseHeaders);
      exchange.startStream(h.add(cors));
    }
  }

  /** Ends a streamed answer (see endStream). */
  private void closeStream(Status status, Metadata trailers) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      releaseBuffers();
      endStream(status, trailers, this::onWritten);
    }
    cancelDeadlineTimer();
  }

  /**
   * Ends the server-sent events with {@code status}, holding this: Dubbo Java's error event if it
   * failed (as the only event, with Dubbo's HTTP status, if it failed before the first), the
   * trailers as HTTP trailers.
   */
  private void endStream(Status status, Metadata trailers, Consumer<Boolean> done) {
    Http2Headers httpTrailers = new DefaultHttp2Headers(false);
    startStreamIfNeeded(status.isOk() ? null : status);
    if (!status.isOk()) {
      exchange.sendPiece(sseEvent(SSE_DATA, HttpErrors.sseError(exchange.alloc(), status)));
    }
    GrpcHeaders.addMetadata(httpTrailers, trailers);
    exchange.endStream(httpTrailers, done);
  }

  /** {@code prefix}, the JSON (released), a blank line: one server-sent event. */
  private ByteBuf sseEvent(byte[] prefix, ByteBuf json) {
    ByteBuf event = exchange.alloc().buffer(prefix.length + json.readableBytes() + SSE_END.length)
        .writeBytes(prefix).writeBytes(json).writeBytes(SSE_END);
    json.release();
    return event;
  }

  /** The exchange can take more: a server-streaming handler waiting on isReady() may go on. */
  void onWritable() {
    if (sse && !closed && ListenerOverrides.wantsOnReady(listener)) {
      executor.execute(() -> {
        if (!closed && listener != null) {
          listener.onReady();
        }
      });
    }
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (sse) {
      closeStream(status, trailers);
      return;
    }
    ByteBuf body;
    Metadata headers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      body = responseBody;
      responseBody = null;
      headers = responseHeaders;
      releaseBuffers();
    }
    cancelDeadlineTimer();
    if (status.isOk() && body == null) {
      status = Status.INTERNAL.withDescription("The handler completed without a response message");
    }
    if (!status.isOk()) {
      if (body != null) {
        body.release();
      }
      respondError(status, headers, trailers, this::onWritten);
      return;
    }
    Http2Headers h = new DefaultHttp2Headers(false).status(GrpcHeaders.STATUS_200);
    h.set(GrpcHeaders.CONTENT_TYPE, dialect.contentType);
    h.add(cors);
    GrpcHeaders.addMetadata(h, headers);
    addTrailers(h, trailers);
    if (gzipAnswer) {
      h.set("content-encoding", "gzip");
      body = gzip(body);
    }
    exchange.respond(h, body, this::onWritten);
  }

  private static void addTrailers(Http2Headers h, Metadata trailers) {
    if (trailers == null) {
      return;
    }
    for (Metadata.Entry e : trailers) {
      String k = e.key();
      if (GrpcHeaders.isSendable(k)) {
        h.add(TRAILER_PREFIX + k, e.textValue());
      }
    }
  }

  /** The JSON error answer, with the handler's headers and {@code trailer-} prefixed trailers. */
  private void respondError(Status status, Metadata headers, Metadata trailers, Consumer<Boolean> done) {
    int http = HttpErrors.httpStatus(status.code());
    Http2Headers h = HttpErrors.headers(http, status).add(cors);
    GrpcHeaders.addMetadata(h, headers);
    addTrailers(h, trailers);
    exchange.respond(h, HttpErrors.body(exchange.alloc(), http, status, numericStatus, trailers), done);
  }

  private void onWritten(boolean success) {
    if (success && !ListenerOverrides.wantsOnComplete(listener)) {
      return;
    }
    executor.execute(() -> {
      if (listener != null) {
        if (success) {
          listener.onComplete();
        } else {
          listener.onCancel();
        }
      }
    });
  }

  @Override
  public long wireBytesReceived() {
    return receivedBytes;
  }

  @Override
  public synchronized long wireBytesSent() {
    return sentBytes;
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
    return !closed && (!sse || exchange.isWritable());
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return method;
  }

  @Override
  public SocketAddress remoteAddress() {
    return exchange.remoteAddress();
  }

  @Override
  public Deadline deadline() {
    return deadline;
  }
}
