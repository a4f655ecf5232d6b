package io.triple.inprocess.internal;

import io.triple.internal.Timers;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerMethodDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.internal.CancellationHooks;
import io.triple.internal.ListenerOverrides;
import io.triple.internal.SendBatch;
import io.triple.internal.SerializingExecutor;
import io.triple.internal.StartFailures;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of an in-process call: the {@link ServerCall} the handler (interceptors,
 * then the service) sees. Its callbacks run one at a time on a serializing executor over the
 * server's executor; requests are parsed there with the server's own marshallers, and responses
 * serialized on the handler's thread. Cancellation hooks run on the server's executor itself.
 */
final class ServerHalf<ReqT, RespT> extends ServerCall<ReqT, RespT> {

  private final InProcessStream stream;
  private final MethodDescriptor<ReqT, RespT> method;
  private final ServerCallHandler<ReqT, RespT> handler;
  private final Metadata requestHeaders;
  private final ServerEndpoint endpoint;
  private final Deadline deadline;
  private final SerializingExecutor executor;
  private final CancellationHooks cancelHooks = new CancellationHooks();
  private volatile Listener<ReqT> listener;
  // written by the handler's thread (closed also by the stream on cancellation), read anywhere
  private volatile boolean closed;
  private volatile boolean cancelled;
  private boolean headersSent;

  private ServerHalf(InProcessStream stream, ServerMethodDefinition<ReqT, RespT> def, Metadata requestHeaders,
      ServerEndpoint endpoint) {
    this.stream = stream;
    this.method = def.method();
    this.handler = def.handler();
    this.requestHeaders = requestHeaders;
    this.endpoint = endpoint;
    this.deadline = WireMetadata.deadline(requestHeaders);
    // Held until the caller's batch of operations ends (a unary call's start, message and
    // half-close), so they reach the server's executor as one task, as the network server holds
    // a call's executor until the end of the read that brought them.
    this.executor = SerializingExecutor.held(endpoint.executor);
  }

  static <ReqT, RespT> ServerHalf<ReqT, RespT> create(InProcessStream stream, ServerMethodDefinition<ReqT, RespT> def,
      Metadata requestHeaders, ServerEndpoint endpoint) {
    return new ServerHalf<>(stream, def, requestHeaders, endpoint);
  }

  /**
   * Queues the handler's start on the (still held) executor: first, before the call can be
   * cancelled, so a cancellation's {@code onCancel} always follows it.
   */
  void queueStart() {
    executor.execute(() -> {
      try {
        listener = handler.startCall(this, requestHeaders);
      } catch (RuntimeException | Error e) {
        close(StartFailures.status(e, method), StartFailures.trailers(e));
      }
    });
  }

  /** Starts the deadline and lets the executor run, at the end of the caller's batch if one is open. */
  void start() {
    if (deadline != null) {
      stream.setServerTimer(Timers.schedule(stream::onServerDeadline, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    Runnable release = executor::release;
    if (!SendBatch.deferWake(release)) {
      release.run();
    }
  }

  // ---- ServerCall ----------------------------------------------------------------------------

  @Override
  public void request(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("request(" + n + ")");
    }
    stream.serverRequest(n);
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
    stream.sendHeadersToClient(WireMetadata.responseHeaders(headers));
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
    stream.sendToClient(Marshalling.serialize(method.responseMarshaller(), message));
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (closed) {
      return;
    }
    closed = true;
    boolean trailersOnly = !headersSent;
    headersSent = true;
    Status sent = WireMetadata.received(status);
    stream.closeFromServer(sent, WireMetadata.trailers(sent, trailers, trailersOnly), trailersOnly);
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
    return !closed && stream.serverCanSend();
  }
  @Override
  public long wireBytesReceived() {
    return stream.serverReceivedBytes();
  }

  @Override
  public long wireBytesSent() {
    return stream.serverSentBytes();
  }


  @Override
  public void setCompression(String encoding) {
    if (headersSent) {
      throw new IllegalStateException("setCompression must be called before the first response");
    }
    if (encoding != null && !encoding.equals("identity") && !encoding.equals("gzip")) {
      throw new IllegalArgumentException("Unsupported compression '" + encoding + "' (supported: gzip, identity)");
    }
    // Nothing to do: an in-process client accepts no compression (it sends no
    // grpc-accept-encoding), and responses to such a client go uncompressed.
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return method;
  }

  @Override
  public SocketAddress remoteAddress() {
    return endpoint.address;
  }

  @Override
  public Deadline deadline() {
    return deadline;
  }

  // ---- for the stream ------------------------------------------------------------------------

  SerializingExecutor executor() {
    return executor;
  }

  int maxInboundMessageSize() {
    return endpoint.maxInboundMessageSize;
  }

  boolean wantsOnReady() {
    return ListenerOverrides.wantsOnReady(listener);
  }

  boolean wantsOnComplete() {
    return ListenerOverrides.wantsOnComplete(listener);
  }

  /** Holding the stream's lock: the call is cancelled; what the handler sends now is refused. */
  void markCancelled() {
    cancelled = true;
    closed = true;
  }

  void fireCancellationHooks() {
    cancelHooks.fire(endpoint.executor);
  }

  // ---- callbacks, on the call executor -------------------------------------------------------

  void deliverMessage(byte[] bytes) {
    if (closed || listener == null) {
      return;
    }
    ReqT message;
    try {
      message = Marshalling.parse(method.requestMarshaller(), bytes, Status.INVALID_ARGUMENT);
    } catch (StatusException e) {
      close(e.getStatus(), new Metadata());
      return;
    }
    listener.onMessage(message);
  }

  void deliverHalfClose() {
    if (!closed && listener != null) {
      listener.onHalfClose();
    }
  }

  void deliverReady() {
    if (!closed && listener != null) {
      listener.onReady();
    }
  }

  void deliverCancel() {
    if (listener != null) {
      listener.onCancel();
    }
  }

  void deliverComplete() {
    if (listener != null) {
      listener.onComplete();
    }
  }

  /** A request broke a limit: the call ends with {@code status}, as the network server ends it. */
  void closeFromTransport(Status status) {
    close(status, new Metadata());
  }
}
