package io.triple.stub;

import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerContext;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ServerContext} of one call served through {@link ServerCalls}. */
final class ServerContextImpl extends ServerContext {
  private static final Logger log = LoggerFactory.getLogger(ServerContextImpl.class);

  private final ServerCall<?, ?> call;
  private final Metadata requestHeaders;
  private final List<Runnable> cancelListeners = new CopyOnWriteArrayList<>();
  private volatile Metadata responseHeaders = new Metadata();
  private volatile Metadata responseTrailers = new Metadata();
  private volatile boolean cancelled;

  ServerContextImpl(ServerCall<?, ?> call, Metadata requestHeaders) {
    this.call = call;
    this.requestHeaders = requestHeaders;
    // Listeners run when the transport learns of the cancellation, not after the handler's
    // callback in progress returns (the listener's onCancel, which calls cancelled() too, waits
    // for that): a blocked handler is what a cancellation listener is usually there to stop.
    call.whenCancelled(this::cancelled);
  }

  /** Makes this context current until the returned scope is closed. */
  Scope enter() {
    ServerContext prev = attach(this);
    return () -> detach(prev);
  }

  /** A try-with-resources handle on an attached context. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  Metadata takeResponseHeaders() {
    Metadata h = responseHeaders;
    responseHeaders = new Metadata(); // later additions go nowhere, as documented
    return h;
  }

  boolean responseHeadersEmpty() {
    return responseHeaders.isEmpty();
  }

  Metadata takeResponseTrailers() {
    Metadata t = responseTrailers;
    responseTrailers = new Metadata();
    return t;
  }

  /** Runs the cancellation listeners, each once; from the transport's hook and from onCancel. */
  void cancelled() {
    cancelled = true;
    for (Runnable r : cancelListeners) {
      if (cancelListeners.remove(r)) { // whoever removes it runs it
        runListener(r);
      }
    }
  }

  private static void runListener(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("Cancellation listener threw", e);
    }
  }

  @Override
  public Metadata requestHeaders() {
    return requestHeaders;
  }

  @Override
  public MethodDescriptor<?, ?> method() {
    return call.getMethodDescriptor();
  }

  @Override
  public Metadata responseHeaders() {
    return responseHeaders;
  }

  @Override
  public Metadata responseTrailers() {
    return responseTrailers;
  }

  @Override
  public SocketAddress remoteAddress() {
    return call.remoteAddress();
  }

  @Override
  public Deadline deadline() {
    return call.deadline();
  }

  @Override
  public boolean isCancelled() {
    return cancelled || call.isCancelled();
  }

  @Override
  public void setCompression(String encoding) {
    call.setCompression(encoding);
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    call.setMessageCompression(enabled);
  }

  @Override
  public boolean isRequestMessageCompressed() {
    return call.isMessageCompressed();
  }

  @Override
  public void addCancellationListener(Runnable listener) {
    if (cancelled) {
      runListener(listener);
      return;
    }
    cancelListeners.add(listener);
    if (cancelled && cancelListeners.remove(listener)) {
      runListener(listener);
    }
  }
}
