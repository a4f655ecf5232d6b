package io.triple.stub;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientResponseObserver;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.internal.SendBatch;
import io.triple.internal.ThreadlessExecutor;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;

/**
 * Turns {@link ClientCall}s into the call shapes generated stubs expose: blocking, future,
 * observer and iterator. Used by generated code; usable directly with a hand-made
 * {@link MethodDescriptor}.
 */
public final class ClientCalls {
  private ClientCalls() {}

  // ---- unary --------------------------------------------------------------------------------

  /**
   * Sends one request, waits for the response. Throws {@link StatusException} on failure. The
   * call's callbacks (interceptors' listeners included) run on the calling thread while it waits:
   * the response reaches the caller in one hand-off from the I/O thread.
   */
  public static <ReqT, RespT> RespT blockingUnary(
      Channel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options, ReqT request) {
    ThreadlessExecutor executor = new ThreadlessExecutor(ForkJoinPool.commonPool());
    ClientCall<ReqT, RespT> call = channel.newCall(method, options.withExecutor(executor));
    UnaryFuture<RespT> future = new UnaryFuture<>(call);
    future.whenComplete((response, failure) -> executor.wake());
    try {
      startUnary(call, options, new UnaryListener<>(future), request);
      while (!future.isDone()) {
        executor.waitAndDrain();
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      throw interrupted(e);
    } finally {
      executor.shutdown();
    }
    try {
      return future.get(); // done: does not block
    } catch (InterruptedException e) {
      throw new AssertionError("a completed future does not wait", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusException se) {
        // Re-throw a fresh exception so the stack trace shows the caller, keep status+trailers.
        throw new StatusException(se.getStatus().withCause(se), se.getTrailers());
      }
      throw Status.UNKNOWN.withCause(cause).asException();
    }
  }

  /**
   * Sends one request; the future completes with the response or fails with a
   * {@link StatusException}. Cancelling the future cancels the call.
   */
  public static <ReqT, RespT> CompletableFuture<RespT> futureUnary(
      Channel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options, ReqT request) {
    ClientCall<ReqT, RespT> call = channel.newCall(method, options);
    UnaryFuture<RespT> future = new UnaryFuture<>(call);
    startUnary(call, options, new UnaryListener<>(future), request);
    return future;
  }

  /** Sends one request; the observer gets the response then {@code onCompleted}, or onError. */
  public static <ReqT, RespT> void asyncUnary(
      Channel channel,
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      ReqT request,
      StreamObserver<RespT> responseObserver) {
    ClientCall<ReqT, RespT> call = channel.newCall(method, options);
    ObserverListener<ReqT, RespT> listener = new ObserverListener<>(call, responseObserver, true);
    startUnary(call, options, listener, request);
  }

  private static <ReqT, RespT> void startUnary(
      ClientCall<ReqT, RespT> call,
      CallOptions options,
      ClientCall.Listener<RespT> listener,
      ReqT request) {
    // Ask for two so that a second (illegal) response is seen and reported, not left unread.
    startWithOneRequest(call, listener, options, () -> call.request(2), request);
  }

  /**
   * Starts {@code call}, asks for responses ({@code requestResponses}), sends the one request and
   * half-closes, all in one {@link SendBatch}: the transport sends headers, request and end of
   * stream in one write.
   */
  private static <ReqT, RespT> void startWithOneRequest(
      ClientCall<ReqT, RespT> call,
      ClientCall.Listener<RespT> listener,
      CallOptions options,
      Runnable requestResponses,
      ReqT request) {
    try (SendBatch batch = SendBatch.open()) {
      call.start(listener, headers(options));
      requestResponses.run();
      try {
        call.sendMessage(request);
        call.halfClose();
      } catch (RuntimeException | Error e) {
        call.cancel("Failed to send request", e);
        throw e;
      }
    }
  }

  // ---- server streaming ---------------------------------------------------------------------

  /** Sends one request; responses stream into the observer. */
  public static <ReqT, RespT> void serverStreaming(
      Channel channel,
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      ReqT request,
      StreamObserver<RespT> responseObserver) {
    ClientCall<ReqT, RespT> call = channel.newCall(method, options);
    ObserverListener<ReqT, RespT> listener = new ObserverListener<>(call, responseObserver, false);
    startWithOneRequest(call, listener, options, listener::requestInitial, request);
  }

  /**
   * Sends one request; returns an iterator that blocks for each response. The call's callbacks run
   * on the thread that iterates, while it waits (one hand-off per response from the I/O thread).
   */
  public static <ReqT, RespT> ResponseIterator<RespT> blockingServerStreaming(
      Channel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options, ReqT request) {
    ThreadlessExecutor executor = new ThreadlessExecutor(ForkJoinPool.commonPool());
    ClientCall<ReqT, RespT> call = channel.newCall(method, options.withExecutor(executor));
    BlockingResponseIterator<RespT> it = new BlockingResponseIterator<>(call, executor);
    try {
      startWithOneRequest(call, it.listener(), options, () -> call.request(1), request);
    } catch (RuntimeException | Error e) {
      executor.shutdown();
      throw e;
    }
    return it;
  }

  // ---- client streaming and bidi ------------------------------------------------------------

  /** Starts a client-streaming call: send requests to the returned observer, then complete it. */
  public static <ReqT, RespT> ClientCallStreamObserver<ReqT> clientStreaming(
      Channel channel,
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      StreamObserver<RespT> responseObserver) {
    return startStreaming(channel, method, options, responseObserver, true);
  }

  /** Starts a bidirectional-streaming call. */
  public static <ReqT, RespT> ClientCallStreamObserver<ReqT> bidiStreaming(
      Channel channel,
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      StreamObserver<RespT> responseObserver) {
    return startStreaming(channel, method, options, responseObserver, false);
  }

  private static <ReqT, RespT> ClientCallStreamObserver<ReqT> startStreaming(
      Channel channel,
      MethodDescriptor<ReqT, RespT> method,
      CallOptions options,
      StreamObserver<RespT> responseObserver,
      boolean singleResponse) {
    ClientCall<ReqT, RespT> call = channel.newCall(method, options);
    ObserverListener<ReqT, RespT> listener =
        new ObserverListener<>(call, responseObserver, singleResponse);
    call.start(listener, headers(options));
    listener.requestInitial();
    return listener.requestObserver();
  }

  /** A blocking wait was interrupted: keeps the thread's interrupt status, fails with CANCELLED. */
  private static StatusException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return Status.CANCELLED.withDescription("Thread interrupted").withCause(e).asException();
  }

  private static Metadata headers(CallOptions options) {
    Metadata md = options.metadata();
    return md == null ? new Metadata() : md.copy();
  }

  // ---- adapters -----------------------------------------------------------------------------

  private static final class UnaryFuture<RespT> extends CompletableFuture<RespT> {
    private final ClientCall<?, RespT> call;

    UnaryFuture(ClientCall<?, RespT> call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        call.cancel("Future cancelled", null);
      }
      return cancelled;
    }
  }

  private static final class UnaryListener<RespT> extends ClientCall.Listener<RespT> {
    private final UnaryFuture<RespT> future;
    private RespT value;
    private boolean received;

    UnaryListener(UnaryFuture<RespT> future) {
      this.future = future;
    }

    @Override
    public void onMessage(RespT message) {
      if (received) {
        future.call.cancel("More than one response for a unary call", null);
        return;
      }
      value = message;
      received = true;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (!status.isOk()) {
        future.completeExceptionally(status.asException(trailers));
      } else if (!received) {
        future.completeExceptionally(
            Status.INTERNAL.withDescription("No response message received for a unary call")
                .asException(trailers));
      } else {
        future.complete(value);
      }
    }
  }

  /** Bridges a {@link ClientCall} to the user's response observer and request observer. */
  private static final class ObserverListener<ReqT, RespT> extends ClientCall.Listener<RespT> {
    private final ClientCall<ReqT, RespT> call;
    private final StreamObserver<RespT> observer;
    private final boolean singleResponse;
    private final RequestObserver requestObserver = new RequestObserver();
    private volatile boolean autoRequest = true;
    private volatile Runnable onReadyHandler;
    private boolean receivedOne;
    private boolean closed;

    ObserverListener(
        ClientCall<ReqT, RespT> call, StreamObserver<RespT> observer, boolean singleResponse) {
      this.call = call;
      this.observer = observer;
      this.singleResponse = singleResponse;
    }

    void requestInitial() {
      call.request(singleResponse ? 2 : 1);
    }

    ClientCallStreamObserver<ReqT> requestObserver() {
      return requestObserver;
    }

    @Override
    public void onHeaders(Metadata headers) {
      if (observer instanceof ClientResponseObserver<RespT> cro) {
        cro.onHeaders(headers);
      }
    }

    @Override
    public void onMessage(RespT message) {
      if (singleResponse && receivedOne) {
        call.cancel("More than one response for a call with a single response", null);
        return;
      }
      receivedOne = true;
      try {
        observer.onNext(message);
      } catch (RuntimeException e) {
        call.cancel("Response observer threw in onNext", e);
        return;
      }
      if (autoRequest && !singleResponse) {
        call.request(1);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (closed) {
        return;
      }
      closed = true;
      if (observer instanceof ClientResponseObserver<RespT> cro) {
        cro.onTrailers(trailers);
      }
      if (status.isOk() && singleResponse && !receivedOne) {
        status = Status.INTERNAL.withDescription("No response message received for a unary call");
      }
      if (status.isOk()) {
        observer.onCompleted();
      } else {
        observer.onError(status.asException(trailers));
      }
    }

    @Override
    public void onReady() {
      Runnable r = onReadyHandler;
      if (r != null) {
        r.run();
      }
    }

    private final class RequestObserver extends ClientCallStreamObserver<ReqT> {
      private boolean done;

      @Override
      public void onNext(ReqT value) {
        if (done) {
          throw new IllegalStateException("Stream already completed");
        }
        call.sendMessage(value);
      }

      @Override
      public void onError(Throwable t) {
        if (done) {
          return;
        }
        done = true;
        call.cancel("Cancelled by client with onError", t);
      }

      @Override
      public void onCompleted() {
        if (done) {
          return;
        }
        done = true;
        call.halfClose();
      }

      @Override
      public boolean isReady() {
        return call.isReady();
      }

      @Override
      public void setOnReadyHandler(Runnable handler) {
        onReadyHandler = handler;
      }

      @Override
      public void disableAutoInboundFlowControl() {
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
      public void cancel(String message, Throwable cause) {
        done = true;
        call.cancel(message, cause);
      }
    }
  }

  /**
   * Iterator fed by the listener through a queue; asks for one message per message consumed. The
   * listener runs on the iterating thread, inside {@link ThreadlessExecutor#waitAndDrain()}.
   */
  private static final class BlockingResponseIterator<T> implements ResponseIterator<T> {
    private static final Object END = new Object();

    private final ClientCall<?, T> call;
    private final ThreadlessExecutor executor;
    // Concurrent: a channel may run callbacks on an executor of its own after all.
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private volatile Metadata headers;
    private volatile Status status;
    private volatile Metadata trailers;
    private Object next;
    private boolean finished;

    BlockingResponseIterator(ClientCall<?, T> call, ThreadlessExecutor executor) {
      this.call = call;
      this.executor = executor;
    }

    ClientCall.Listener<T> listener() {
      return new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata h) {
          headers = h;
          executor.wake();
        }

        @Override
        public void onMessage(T message) {
          queue.add(message);
          executor.wake();
        }

        @Override
        public void onClose(Status s, Metadata t) {
          trailers = t;
          status = s;
          if (headers == null) {
            headers = new Metadata();
          }
          queue.add(END);
          executor.wake();
        }
      };
    }

    /** Runs the call's callbacks until one of them has made {@code ready} true. */
    private void await(BooleanSupplier ready) {
      while (!ready.getAsBoolean()) {
        try {
          executor.waitAndDrain();
        } catch (InterruptedException e) {
          call.cancel("Thread interrupted", e);
          executor.shutdown();
          throw interrupted(e);
        }
      }
    }

    @Override
    public boolean hasNext() {
      if (next == null && !finished) {
        await(() -> (next = queue.poll()) != null);
        if (next == END) {
          next = null;
          finished = true;
          executor.shutdown();
        } else {
          call.request(1);
        }
      }
      if (finished) {
        Status s = status;
        if (!s.isOk()) {
          throw s.asException(trailers);
        }
        return false;
      }
      return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T value = (T) next;
      next = null;
      return value;
    }

    @Override
    public Metadata headers() {
      await(() -> headers != null);
      return headers;
    }

    @Override
    public Metadata trailers() {
      return trailers;
    }

    @Override
    public Status status() {
      return status;
    }

    @Override
    public void cancel() {
      if (status == null) {
        call.cancel("Iterator closed before the stream ended", null);
      }
      // Nobody may wait any more: the call's last callbacks (its onClose) run on the fallback.
      executor.shutdown();
    }
  }
}
