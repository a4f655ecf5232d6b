package io.triple.inprocess.internal;

import io.triple.Metadata;
import io.triple.ServerMethodDefinition;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.internal.NotSent;
import java.util.concurrent.ScheduledFuture;

/**
 * One call between a {@link ClientHalf} and a {@link ServerHalf}: what both sides share, under one
 * lock, and every hand-over between them. It plays the part of an HTTP/2 stream: messages go
 * across as bytes, only as the receiver requests them ({@link MessageQueue}); the server's status
 * reaches the client after the messages sent before it; a cancellation, a deadline or a failed
 * message ends the call on both sides.
 *
 * <p>Callbacks are queued on each side's serializing executor under the lock, so their order is
 * the order of events; the executors' threads are woken after the lock is released
 * ({@link #flush()}), so a callback never runs under it, whatever executor the user gave.
 */
public final class InProcessStream {
  private final Object lock = new Object();
  private final MessageQueue toServer = new MessageQueue();
  private final MessageQueue toClient = new MessageQueue();
  private final ClientHalf<?, ?> client;
  private final CallTracker clientCalls;
  private ServerHalf<?, ?> server; // set when the server accepts the call
  private CallTracker serverCalls;

  // guarded by lock
  private boolean clientFinished; // the client's outcome is decided; nothing more is sent
  private boolean clientCloseQueued;
  private Status pendingStatus; // the server's status, waiting for the messages sent before it
  private Metadata pendingTrailers;
  private boolean requestEnded; // the client half-closed
  private boolean halfCloseQueued;
  private boolean requestFailed; // a request broke a limit: the server is closing the call
  private boolean serverDone; // closed by the handler or cancelled
  private ScheduledFuture<?> clientTimer;
  private ScheduledFuture<?> serverTimer;
  private Runnable clientDrain;
  private Runnable serverDrain;
  private boolean fireHooks;
  private boolean clientReported;
  private boolean serverReported;

  InProcessStream(ClientHalf<?, ?> client, CallTracker clientCalls) {
    this.client = client;
    this.clientCalls = clientCalls;
  }

  // ---- opening -------------------------------------------------------------------------------

  /**
   * Starts the server's side of the call on {@code endpoint}. Returns null if it started (or the
   * client gave up meanwhile), else the status the client is to close with.
   */
  Status open(ServerEndpoint endpoint, String path, Metadata headers) {
    if (!endpoint.calls().add(this)) {
      return NotSent.unavailable("In-process server '" + endpoint.name + "' is shut down", null);
    }
    ServerMethodDefinition<?, ?> def;
    try {
      def = endpoint.methods.lookup(path, headers.get("tri-service-version"), headers.get("tri-service-group")).method();
    } catch (MethodRegistry.NotFound e) {
      endpoint.calls().remove(this);
      return e.status();
    }
    ServerHalf<?, ?> s = ServerHalf.create(this, def, headers, endpoint);
    s.queueStart();
    synchronized (lock) {
      if (clientFinished) { // cancelled (or past its deadline) while being admitted
        endpoint.calls().remove(this);
        return null;
      }
      server = s;
      serverCalls = endpoint.calls();
    }
    s.start();
    return null;
  }

  void setClientTimer(ScheduledFuture<?> timer) {
    synchronized (lock) {
      if (clientFinished) {
        timer.cancel(false);
      } else {
        clientTimer = timer;
      }
    }
  }

  void setServerTimer(ScheduledFuture<?> timer) {
    synchronized (lock) {
      if (serverDone) {
        timer.cancel(false);
      } else {
        serverTimer = timer;
      }
    }
  }

  // ---- client to server ----------------------------------------------------------------------

  void sendToServer(byte[] message) {
    synchronized (lock) {
      if (clientFinished || serverDone || requestFailed || server == null) {
        return; // the call is over: like DATA after a reset, dropped
      }
      int max = server.maxInboundMessageSize();
      if (message.length > max) {
        // The server refuses it on arrival, as its deframer does: the call ends with the status.
        requestFailed = true;
        toServer.clear();
        Status tooLarge = Marshalling.tooLarge(message.length, max);
        toServer(() -> server.closeFromTransport(tooLarge));
      } else {
        toServer.add(message);
        deliverToServer();
      }
    }
    flush();
  }

  void halfCloseToServer() {
    synchronized (lock) {
      if (clientFinished || serverDone || server == null) {
        return;
      }
      requestEnded = true;
      deliverToServer();
    }
    flush();
  }

  /** The server's {@code request(n)}. */
  void serverRequest(int n) {
    synchronized (lock) {
      toServer.request(n);
      deliverToServer();
    }
    flush();
  }

  private void deliverToServer() { // holding lock
    if (serverDone || requestFailed || server == null) {
      return;
    }
    boolean wasReady = toServer.belowReadyThreshold();
    byte[] m;
    while ((m = toServer.takeRequested()) != null) {
      byte[] message = m;
      toServer(() -> server.deliverMessage(message));
    }
    if (!wasReady && toServer.belowReadyThreshold() && !clientFinished && client.wantsOnReady()) {
      toClient(client::deliverReady);
    }
    if (requestEnded && toServer.isEmpty() && !halfCloseQueued) {
      halfCloseQueued = true;
      toServer(server::deliverHalfClose);
    }
  }

  // ---- server to client ----------------------------------------------------------------------

  void sendHeadersToClient(Metadata headers) {
    synchronized (lock) {
      if (!clientFinished) {
        toClient(() -> client.deliverHeaders(headers));
      }
    }
    flush();
  }

  void sendToClient(byte[] message) {
    synchronized (lock) {
      if (clientFinished || serverDone) {
        return;
      }
      int max = client.maxInboundMessageSize();
      if (message.length > max) {
        // The client refuses it on arrival and resets the call, as its deframer does.
        finishClientNow(Marshalling.tooLarge(message.length, max), new Metadata());
        cancelServer();
      } else {
        toClient.add(message);
        deliverToClient();
      }
    }
    flush();
  }

  /** The client's {@code request(n)}. */
  void clientRequest(int n) {
    synchronized (lock) {
      toClient.request(n);
      deliverToClient();
    }
    flush();
  }

  private void deliverToClient() { // holding lock
    if (clientFinished && pendingStatus == null) {
      return;
    }
    boolean wasReady = toClient.belowReadyThreshold();
    byte[] m;
    while ((m = toClient.takeRequested()) != null) {
      byte[] message = m;
      toClient(() -> client.deliverMessage(message));
    }
    if (!wasReady && toClient.belowReadyThreshold() && !serverDone && server != null && server.wantsOnReady()) {
      toServer(server::deliverReady);
    }
    if (pendingStatus != null && toClient.isEmpty()) {
      Status s = pendingStatus;
      Metadata t = pendingTrailers;
      pendingStatus = null;
      pendingTrailers = null;
      queueClientClose(s, t);
    }
  }

  /**
   * The handler closed the call. The client gets the status after the messages sent before it,
   * as it requests them (at once for a trailers-only response); what the client still sends is
   * dropped.
   */
  void closeFromServer(Status status, Metadata trailers, boolean trailersOnly) {
    synchronized (lock) {
      if (serverDone) {
        return;
      }
      serverDone = true;
      cancel(serverTimer);
      toServer.clear();
      if (!clientFinished) {
        if (trailersOnly) {
          finishClientNow(status, trailers);
        } else {
          clientFinished = true;
          cancel(clientTimer);
          pendingStatus = status;
          pendingTrailers = trailers;
          deliverToClient();
        }
      }
      if (server.wantsOnComplete()) {
        toServer(server::deliverComplete);
      }
    }
    flush();
  }

  // ---- endings -------------------------------------------------------------------------------

  /** The client's {@code cancel}: the client closes with {@code status}, the server is cancelled. */
  void clientCancel(Status status) {
    synchronized (lock) {
      if (clientFinished) {
        if (pendingStatus != null) {
          // The server's status came, but messages before it were still waiting for request(n):
          // the user gave up on them.
          pendingStatus = null;
          pendingTrailers = null;
          toClient.clear();
          queueClientClose(status, new Metadata());
        }
        return;
      }
      finishClientNow(status, new Metadata());
      cancelServer();
    }
    flush();
  }

  /** A response the client could not parse: the call ends with {@code status} on both sides. */
  void clientFailed(Status status) {
    synchronized (lock) {
      if (clientFinished) {
        if (pendingStatus != null) {
          pendingStatus = null;
          pendingTrailers = null;
          toClient.clear();
          queueClientClose(status, new Metadata());
        }
        return;
      }
      finishClientNow(status, new Metadata());
      cancelServer();
    }
    flush();
  }

  /** The client's deadline passed: DEADLINE_EXCEEDED for the client, cancelled for the server. */
  void onClientDeadline() {
    synchronized (lock) {
      if (clientFinished) {
        return;
      }
      finishClientNow(client.deadlineExceeded(), new Metadata());
      cancelServer();
    }
    flush();
  }

  /**
   * The server's deadline (from {@code grpc-timeout}) passed: the handler is cancelled and the
   * client told, as the network server's reset reaches the client.
   */
  void onServerDeadline() {
    synchronized (lock) {
      if (serverDone) {
        return;
      }
      cancelServer();
      if (!clientFinished) {
        finishClientNow(client.deadlineExpired() ? client.deadlineExceeded()
            : Status.CANCELLED.withDescription("Server cancelled the call at its deadline"), new Metadata());
      }
    }
    flush();
  }

  /** A channel or server shutting down now: {@code status} for the client, cancelled for the server. */
  void abort(Status clientStatus) {
    synchronized (lock) {
      if (!clientFinished) {
        finishClientNow(clientStatus, new Metadata());
      } else if (pendingStatus != null) {
        pendingStatus = null;
        toClient.clear();
        queueClientClose(clientStatus, new Metadata());
      }
      cancelServer();
    }
    flush();
  }

  /** The call failed before reaching a server: the client closes with {@code status}. */
  void failBeforeOpen(Status status, Metadata trailers) {
    synchronized (lock) {
      if (clientFinished) {
        return;
      }
      finishClientNow(status, trailers);
    }
    flush();
  }

  private void finishClientNow(Status status, Metadata trailers) { // holding lock
    clientFinished = true;
    cancel(clientTimer);
    toClient.clear();
    pendingStatus = null;
    pendingTrailers = null;
    queueClientClose(status, trailers);
  }

  private void queueClientClose(Status status, Metadata trailers) { // holding lock
    clientCloseQueued = true;
    toClient(() -> client.deliverClose(status, trailers));
  }

  private void cancelServer() { // holding lock
    if (server == null || serverDone) {
      return;
    }
    serverDone = true;
    cancel(serverTimer);
    toServer.clear();
    server.markCancelled();
    fireHooks = true;
    toServer(server::deliverCancel);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  // ---- readiness -----------------------------------------------------------------------------

  boolean clientCanSend() {
    synchronized (lock) {
      return server != null && !clientFinished && !serverDone && toServer.belowReadyThreshold();
    }
  }

  boolean serverCanSend() {
    synchronized (lock) {
      return !serverDone && !clientFinished && toClient.belowReadyThreshold();
    }
  }

  boolean clientFinished() {
    synchronized (lock) {
      return clientFinished;
    }
  }

  // ---- hand-offs -----------------------------------------------------------------------------

  private void toClient(Runnable task) { // holding lock
    Runnable drain = client.executor().enqueue(task);
    if (drain != null) {
      clientDrain = drain;
    }
  }

  private void toServer(Runnable task) { // holding lock
    Runnable drain = server.executor().enqueue(task);
    if (drain != null) {
      serverDrain = drain;
    }
  }

  /**
   * After the lock is released: wakes the executors that have new callbacks, runs the server's
   * cancellation hooks, and tells the trackers of sides that have ended.
   */
  private void flush() {
    Runnable c;
    Runnable s;
    boolean hooks;
    boolean clientEnded;
    boolean serverEnded;
    ServerHalf<?, ?> srv;
    synchronized (lock) {
      c = clientDrain;
      s = serverDrain;
      clientDrain = null;
      serverDrain = null;
      hooks = fireHooks;
      fireHooks = false;
      clientEnded = clientCloseQueued && !clientReported;
      clientReported |= clientEnded;
      serverEnded = serverDone && server != null && !serverReported;
      serverReported |= serverEnded;
      srv = server;
    }
    client.executor().scheduleDrain(c);
    if (srv != null) {
      srv.executor().scheduleDrain(s);
      if (hooks) {
        srv.fireCancellationHooks();
      }
    }
    if (clientEnded) {
      clientCalls.remove(this);
    }
    if (serverEnded) {
      serverCalls.remove(this);
    }
  }

  // ---- bytes for the calls' wireBytesReceived / wireBytesSent ---------------------------------

  long clientSentBytes() {
    synchronized (lock) {
      return toServer.addedBytes();
    }
  }

  long serverReceivedBytes() {
    synchronized (lock) {
      return toServer.takenBytes();
    }
  }

  long serverSentBytes() {
    synchronized (lock) {
      return toClient.addedBytes();
    }
  }

  long clientReceivedBytes() {
    synchronized (lock) {
      return toClient.takenBytes();
    }
  }
}
