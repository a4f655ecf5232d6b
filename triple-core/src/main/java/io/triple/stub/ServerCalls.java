package io.triple.stub;

import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts service-interface methods to {@link ServerCallHandler}s. Generated {@code bindService}
 * code calls these; hand-written services can too.
 *
 * <p>Every callback runs with the call's {@link io.triple.ServerContext} current. An exception
 * thrown by user code ends the call: a {@link StatusException} with its status; anything else with
 * UNKNOWN and a description naming the exception's type, never its message or stack trace,
 * which are logged here.
 */
public final class ServerCalls {
  private static final Logger log = LoggerFactory.getLogger(ServerCalls.class);

  private ServerCalls() {}

  /** A unary method in its asynchronous form. */
  @FunctionalInterface
  public interface UnaryMethod<ReqT, RespT> {
    CompletionStage<RespT> invoke(ReqT request);
  }

  /** A server-streaming method. */
  @FunctionalInterface
  public interface ServerStreamingMethod<ReqT, RespT> {
    void invoke(ReqT request, StreamObserver<RespT> responseObserver);
  }

  /** A client-streaming or bidi-streaming method. */
  @FunctionalInterface
  public interface StreamingMethod<ReqT, RespT> {
    StreamObserver<ReqT> invoke(StreamObserver<RespT> responseObserver);
  }

  public static <ReqT, RespT> ServerCallHandler<ReqT, RespT> unaryCall(UnaryMethod<ReqT, RespT> m) {
    return (call, headers) -> new UnaryRequestListener<>(call, headers, m, null);
  }

  public static <ReqT, RespT> ServerCallHandler<ReqT, RespT> serverStreamingCall(
      ServerStreamingMethod<ReqT, RespT> m) {
    return (call, headers) -> new UnaryRequestListener<>(call, headers, null, m);
  }

  public static <ReqT, RespT> ServerCallHandler<ReqT, RespT> clientStreamingCall(
      StreamingMethod<ReqT, RespT> m) {
    return (call, headers) -> new StreamingRequestListener<>(call, headers, m);
  }

  public static <ReqT, RespT> ServerCallHandler<ReqT, RespT> bidiStreamingCall(
      StreamingMethod<ReqT, RespT> m) {
    return (call, headers) -> new StreamingRequestListener<>(call, headers, m);
  }

  /** The UNIMPLEMENTED status a default interface method reports. */
  public static StatusException unimplemented(MethodDescriptor<?, ?> method) {
    return Status.UNIMPLEMENTED
        .withDescription("Method " + method.fullMethodName() + " is unimplemented")
        .asException();
  }

  /**
   * For a default streaming method body: fails the call with UNIMPLEMENTED and returns an
   * observer that ignores requests.
   */
  public static <ReqT, RespT> StreamObserver<ReqT> unimplementedStreamingCall(
      MethodDescriptor<?, ?> method, StreamObserver<RespT> responseObserver) {
    responseObserver.onError(unimplemented(method));
    return new StreamObserver<>() {
      @Override
      public void onNext(ReqT value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  /** For a default server-streaming method body: fails the call with UNIMPLEMENTED. */
  public static void unimplementedUnaryCall(
      MethodDescriptor<?, ?> method, StreamObserver<?> responseObserver) {
    responseObserver.onError(unimplemented(method));
  }

  /** Maps what user code threw to the status sent, logging unexpected exceptions. */
  static Status statusOf(Throwable t, MethodDescriptor<?, ?> method) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se.getStatus();
      }
    }
    log.error("Service method {} failed", method.fullMethodName(), t);
    // The type tells the caller what kind of failure it was; the message stays in the server's
    // log with the stack: it is written for the service's developers and may hold what callers
    // must not see (a query, a path, a key), as grpc-java sends none of it either.
    return Status.UNKNOWN
        .withDescription("Exception in " + method.fullMethodName() + ": " + t.getClass().getSimpleName()
            + " (logged by the server)")
        .withCause(t);
  }

  static Metadata trailersOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se.getTrailers();
      }
    }
    return null;
  }

  // ---- unary request (unary and server-streaming) --------------------------------------------

  private static final class UnaryRequestListener<ReqT, RespT> extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final ServerContextImpl ctx;
    private final UnaryMethod<ReqT, RespT> unary;
    private final ServerStreamingMethod<ReqT, RespT> streaming;
    private final ResponseObserver<ReqT, RespT> responseObserver;
    private ReqT request;
    private boolean haveRequest;

    UnaryRequestListener(
        ServerCall<ReqT, RespT> call,
        Metadata headers,
        UnaryMethod<ReqT, RespT> unary,
        ServerStreamingMethod<ReqT, RespT> streaming) {
      this.call = call;
      this.ctx = new ServerContextImpl(call, headers);
      this.unary = unary;
      this.streaming = streaming;
      this.responseObserver = new ResponseObserver<>(call, ctx);
      // Two, so that a client sending a second request is caught rather than left unread.
      call.request(2);
    }

    @Override
    public void onMessage(ReqT message) {
      if (haveRequest) {
        responseObserver.fail(
            Status.INVALID_ARGUMENT.withDescription(
                "Too many requests for " + call.getMethodDescriptor().type() + " method"));
        return;
      }
      request = message;
      haveRequest = true;
    }

    @Override
    public void onHalfClose() {
      if (responseObserver.isClosed()) {
        return;
      }
      if (!haveRequest) {
        responseObserver.fail(
            Status.INVALID_ARGUMENT.withDescription("Half-closed without a request"));
        return;
      }
      ReqT req = request;
      request = null;
      ServerContextImpl.Scope scope = ctx.enter();
      try {
        if (unary != null) {
          CompletionStage<RespT> stage = unary.invoke(req);
          if (stage == null) {
            responseObserver.onError(
                Status.INTERNAL.withDescription("Service method returned a null future")
                    .asException());
            return;
          }
          stage.whenComplete(
              (value, error) -> {
                ServerContextImpl.Scope s = ctx.enter();
                try {
                  if (error != null) {
                    responseObserver.onError(error);
                  } else {
                    responseObserver.onNext(value);
                    responseObserver.onCompleted();
                  }
                } catch (RuntimeException e) {
                  responseObserver.onError(e);
                } finally {
                  s.close();
                }
              });
        } else {
          streaming.invoke(req, responseObserver);
        }
      } catch (RuntimeException | Error e) {
        responseObserver.onError(e);
      } finally {
        scope.close();
      }
    }

    @Override
    public void onCancel() {
      ctx.cancelled();
      responseObserver.cancelled();
    }

    @Override
    public void onReady() {
      responseObserver.ready();
    }
  }

  // ---- streaming request (client-streaming and bidi) ------------------------------------------

  private static final class StreamingRequestListener<ReqT, RespT>
      extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final ServerContextImpl ctx;
    private final ResponseObserver<ReqT, RespT> responseObserver;
    private StreamObserver<ReqT> requestObserver;
    private boolean halfClosed;

    StreamingRequestListener(
        ServerCall<ReqT, RespT> call, Metadata headers, StreamingMethod<ReqT, RespT> method) {
      this.call = call;
      this.ctx = new ServerContextImpl(call, headers);
      this.responseObserver = new ResponseObserver<>(call, ctx);
      ServerContextImpl.Scope scope = ctx.enter();
      try {
        requestObserver = method.invoke(responseObserver);
        if (requestObserver == null) {
          throw Status.INTERNAL
              .withDescription("Service method returned a null request observer")
              .asException();
        }
      } catch (RuntimeException | Error e) {
        responseObserver.onError(e);
      } finally {
        scope.close();
      }
      responseObserver.freeze();
      if (responseObserver.autoRequest()) {
        call.request(1);
      }
    }

    @Override
    public void onMessage(ReqT message) {
      if (requestObserver == null || responseObserver.isClosed()) {
        return;
      }
      ServerContextImpl.Scope scope = ctx.enter();
      try {
        requestObserver.onNext(message);
      } catch (RuntimeException | Error e) {
        responseObserver.onError(e);
        return;
      } finally {
        scope.close();
      }
      if (responseObserver.autoRequest()) {
        call.request(1);
      }
    }

    @Override
    public void onHalfClose() {
      halfClosed = true;
      if (requestObserver == null || responseObserver.isClosed()) {
        return;
      }
      ServerContextImpl.Scope scope = ctx.enter();
      try {
        requestObserver.onCompleted();
      } catch (RuntimeException | Error e) {
        responseObserver.onError(e);
      } finally {
        scope.close();
      }
    }

    @Override
    public void onCancel() {
      ctx.cancelled();
      responseObserver.cancelled();
      if (requestObserver != null && !halfClosed) {
        ServerContextImpl.Scope scope = ctx.enter();
        try {
          requestObserver.onError(
              Status.CANCELLED.withDescription("Call cancelled by the client").asException());
        } catch (RuntimeException e) {
          log.debug("Request observer threw on cancel", e);
        } finally {
          scope.close();
        }
      }
    }

    @Override
    public void onReady() {
      responseObserver.ready();
    }
  }

  // ---- the response observer handed to service code -------------------------------------------

  private static final class ResponseObserver<ReqT, RespT> extends ServerCallStreamObserver<RespT> {
    private final ServerCall<ReqT, RespT> call;
    private final ServerContextImpl ctx;
    private final Object lock = new Object();
    private boolean headersSent;
    private volatile boolean closed;
    private volatile boolean cancelled;
    private volatile boolean autoRequest = true;
    private boolean frozen;
    private volatile Runnable onReady;
    private volatile Runnable onCancel;

    ResponseObserver(ServerCall<ReqT, RespT> call, ServerContextImpl ctx) {
      this.call = call;
      this.ctx = ctx;
    }

    boolean isClosed() {
      return closed;
    }

    boolean autoRequest() {
      return autoRequest;
    }

    void freeze() {
      frozen = true;
    }

    void cancelled() {
      cancelled = true;
      closed = true;
      Runnable r = onCancel;
      if (r != null) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("onCancel handler threw", e);
        }
      }
    }

    void ready() {
      Runnable r = onReady;
      if (r != null && !closed) {
        r.run();
      }
    }

    private void ensureHeaders() {
      if (!headersSent) {
        headersSent = true;
        call.sendHeaders(ctx.takeResponseHeaders());
      }
    }

    @Override
    public void onNext(RespT value) {
      synchronized (lock) {
        if (cancelled) {
          throw Status.CANCELLED.withDescription("Call already cancelled").asException();
        }
        if (closed) {
          throw new IllegalStateException("Call already closed");
        }
        ensureHeaders();
        call.sendMessage(value);
      }
    }

    @Override
    public void onError(Throwable t) {
      Status status = statusOf(t, call.getMethodDescriptor());
      Metadata trailers = trailersOf(t);
      closeWith(status, trailers);
    }

    void fail(Status status) {
      closeWith(status, null);
    }

    private void closeWith(Status status, Metadata extraTrailers) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        if (!headersSent && !ctx.responseHeadersEmpty()) {
          ensureHeaders();
        }
        Metadata trailers = ctx.takeResponseTrailers();
        if (extraTrailers != null) {
          trailers.merge(extraTrailers);
        }
        call.close(status, trailers);
      }
    }

    @Override
    public void onCompleted() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        if (closed) {
          throw new IllegalStateException("Call already closed");
        }
        ensureHeaders();
        closeWith(Status.OK, null);
      }
    }

    @Override
    public boolean isReady() {
      return call.isReady();
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void disableAutoInboundFlowControl() {
      if (frozen) {
        throw new IllegalStateException(
            "disableAutoInboundFlowControl() must be called before the service method returns");
      }
      autoRequest = false;
    }

    @Override
    public void request(int count) {
      call.request(count);
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public boolean isCancelled() {
      return cancelled || call.isCancelled();
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      onCancel = handler;
    }
  }
}
