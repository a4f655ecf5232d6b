package io.triple.inprocess.internal;

import io.triple.internal.Timers;
import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.internal.CallDeadlines;
import io.triple.internal.ListenerOverrides;
import io.triple.internal.NotSent;
import io.triple.internal.SerializingExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of an in-process call. Requests are serialized on the caller's thread;
 * responses are parsed, and every listener callback runs, on a per-call serializing executor over
 * the call options' executor or the channel's, as with the network transport.
 */
public final class ClientHalf<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(ClientHalf.class);

  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final ClientSettings settings;
  private final SerializingExecutor executor;
  private final InProcessStream stream;
  private volatile Listener<RespT> listener;
  private Deadline deadline;
  private boolean started;
  private volatile boolean halfClosed;
  /** A response that failed to parse; overrides the status the call ends with (call executor). */
  private volatile Status failure;

  public ClientHalf(MethodDescriptor<ReqT, RespT> method, CallOptions options, ClientSettings settings) {
    this.method = method;
    this.options = options;
    this.settings = settings;
    this.executor = new SerializingExecutor(options.executor() != null ? options.executor() : settings.executor());
    this.stream = new InProcessStream(this, settings.calls());
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    if (started) {
      throw new IllegalStateException("Call already started");
    }
    started = true;
    this.listener = listener;
    deadline = CallDeadlines.forNewCall(options); // a call made while serving inherits its deadline
    if (!settings.calls().add(stream)) {
      stream.failBeforeOpen(NotSent.unavailable("In-process channel to '" + settings.name() + "' is shut down", null),
          new Metadata());
      return;
    }
    ServerEndpoint endpoint = ServerEndpoint.find(settings.name());
    if (endpoint == null) {
      // As a connection refused: nothing reached a server, so the call may go elsewhere.
      stream.failBeforeOpen(NotSent.unavailable("No in-process server named '" + settings.name() + "' is running", null),
          new Metadata());
      return;
    }
    if (deadline != null) {
      long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (nanos <= 0) {
        stream.failBeforeOpen(deadlineExceeded(), new Metadata());
        return;
      }
      stream.setClientTimer(Timers.schedule(stream::onClientDeadline, nanos));
    }
    Status refused = stream.open(endpoint, method.path(), WireMetadata.requestHeaders(headers, deadline));
    if (refused != null) {
      // Refused from the headers alone: a trailers-only answer (UNIMPLEMENTED) or never sent.
      Metadata trailers = NotSent.isNotSent(refused) ? new Metadata()
          : WireMetadata.trailers(refused, null, true);
      stream.failBeforeOpen(NotSent.isNotSent(refused) ? refused : WireMetadata.received(refused), trailers);
      return;
    }
    if (ListenerOverrides.wantsOnReady(listener)) {
      executor.execute(this::deliverReady); // the stream is open: the caller may send
    }
  }

  @Override
  public void request(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("request(" + n + ")");
    }
    stream.clientRequest(n);
  }

  @Override
  public void sendMessage(ReqT message) {
    checkStarted();
    if (halfClosed) {
      throw new IllegalStateException("sendMessage after halfClose");
    }
    byte[] bytes;
    try {
      bytes = Marshalling.serialize(method.requestMarshaller(), message);
    } catch (StatusException e) {
      cancel("Failed to serialize request", e);
      return;
    }
    stream.sendToServer(bytes);
  }

  @Override
  public void halfClose() {
    checkStarted();
    if (halfClosed) {
      return;
    }
    halfClosed = true;
    stream.halfCloseToServer();
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Status status = Status.CANCELLED.withDescription(message == null ? "Call cancelled" : message);
    stream.clientCancel(cause == null ? status : status.withCause(cause));
  }

  @Override
  public boolean isReady() {
    // After halfClose() nothing more can be sent: not ready (as grpc-java's ClientCall says).
    return started && !halfClosed && stream.clientCanSend();
  }
  @Override
  public long wireBytesReceived() {
    return stream.clientReceivedBytes();
  }

  @Override
  public long wireBytesSent() {
    return stream.clientSentBytes();
  }


  private void checkStarted() {
    if (!started) {
      throw new IllegalStateException("Call not started");
    }
  }

  // ---- for the stream ------------------------------------------------------------------------

  SerializingExecutor executor() {
    return executor;
  }

  int maxInboundMessageSize() {
    return settings.maxInboundMessageSize();
  }

  boolean wantsOnReady() {
    return ListenerOverrides.wantsOnReady(listener);
  }

  boolean deadlineExpired() {
    return deadline != null && deadline.isExpired();
  }

  Status deadlineExceeded() {
    return Status.DEADLINE_EXCEEDED.withDescription(
        "Deadline exceeded for " + method.fullMethodName()
            + (options.timeout() != null ? " after " + options.timeout() : ""));
  }

  // ---- callbacks, on the call executor -------------------------------------------------------

  void deliverHeaders(Metadata headers) {
    listener.onHeaders(headers);
  }

  void deliverMessage(byte[] bytes) {
    if (failure != null) {
      return; // the call is failing: later messages are dropped
    }
    RespT message;
    try {
      message = Marshalling.parse(method.responseMarshaller(), bytes, Status.INTERNAL);
    } catch (StatusException e) {
      failure = e.getStatus();
      stream.clientFailed(e.getStatus());
      return;
    }
    listener.onMessage(message);
  }

  void deliverReady() {
    if (!halfClosed && !stream.clientFinished()) {
      listener.onReady();
    }
  }

  void deliverClose(Status status, Metadata trailers) {
    if (listener == null) {
      return; // cancelled before it started: nobody to tell
    }
    Status f = failure;
    Status s = f != null ? f : status;
    if (!s.isOk() && log.isDebugEnabled()) {
      log.debug("In-process call {} to '{}' ended: {}", method.fullMethodName(), settings.name(), s);
    }
    listener.onClose(s, trailers);
  }
}
