package io.triple.cluster;

import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.Deadline;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.Status;
import io.triple.internal.ListenerOverrides;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call through the cluster: picks a provider, and for failover, moves to another provider when
 * the attempt failed without reaching its server ({@link Retries#neverSent}). Until the call is
 * committed (a response header or message arrived, or too much was sent to replay), what the
 * caller did (request, sendMessage, halfClose) is recorded and replayed on the next attempt.
 */
final class ClusterCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(ClusterCall.class);
  /** Streaming calls buffer at most this many messages for replay; after that, no failover. */
  private static final int MAX_REPLAY_MESSAGES = 16;

  private final ClusterChannel cluster;
  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final ClusterChannel.Mode mode;
  private final int maxAttempts;
  private final Object lock = new Object();
  private final Set<Provider> tried = new HashSet<>();

  // Guarded by lock.
  private Listener<RespT> listener;
  private Metadata headers;
  /** The call's tag route, from its headers at start. */
  private TagRouter.Route route = TagRouter.Route.NONE;
  private Attempt current;
  private List<Consumer<ClientCall<ReqT, RespT>>> replay = new ArrayList<>();
  private int replayedMessages;
  private boolean committed;
  private boolean cancelled;
  private int attempts;

  ClusterCall(ClusterChannel cluster, MethodDescriptor<ReqT, RespT> method, CallOptions options,
      ClusterChannel.Mode mode, int retries) {
    this.cluster = cluster;
    this.method = method;
    this.options = options;
    this.mode = mode;
    this.maxAttempts = mode == ClusterChannel.Mode.FAILOVER ? 1 + Math.max(0, retries) : 1;
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    Provider p;
    synchronized (lock) {
      if (this.listener != null) {
        throw new IllegalStateException("Already started");
      }
      this.listener = listener;
      this.headers = cluster.withRoutingHeaders(headers);
      route = cluster.route(this.headers);
      p = cluster.select(method, tried, route);
      if (p != null) {
        startAttempt(p);
        return;
      }
    }
    Status s = cluster.noProvider(route);
    cluster.executorFor(options).execute(() -> listener.onClose(s, new Metadata()));
  }

  /** Called with the lock held. */
  private void startAttempt(Provider p) {
    tried.add(p);
    attempts++;
    ClientCall<ReqT, RespT> call = p.channel().newCall(method, options);
    // The transport schedules onReady only for a listener that overrides it: an attempt
    // forwards it only when the caller's listener wants it (a hand-off per unary call saved).
    Attempt a = ListenerOverrides.wantsOnReady(listener) ? new ReadyAttempt(p, call) : new Attempt(p, call);
    current = a;
    p.active.incrementAndGet();
    call.start(a, headers.copy());
    if (replay != null) {
      for (Consumer<ClientCall<ReqT, RespT>> op : replay) {
        op.accept(call);
      }
    }
  }

  private void record(Consumer<ClientCall<ReqT, RespT>> op, boolean isMessage) {
    ClientCall<ReqT, RespT> call;
    synchronized (lock) {
      if (current == null) {
        if (listener == null) {
          throw new IllegalStateException("Call not started");
        }
        return; // started without a provider: its listener hears UNAVAILABLE; nothing to send
      }
      if (replay != null && !committed && !cancelled) {
        replay.add(op);
        if (isMessage && ++replayedMessages > MAX_REPLAY_MESSAGES) {
          replay = null; // too much to keep: this attempt is the last
        }
      }
      call = current.call;
      op.accept(call);
    }
  }

  @Override
  public void request(int n) {
    record(c -> c.request(n), false);
  }

  @Override
  public void sendMessage(ReqT message) {
    record(c -> c.sendMessage(message), true);
  }

  @Override
  public void halfClose() {
    record(ClientCall::halfClose, false);
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    record(c -> c.setMessageCompression(enabled), false);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Attempt a;
    synchronized (lock) {
      cancelled = true;
      a = current;
    }
    if (a != null) {
      a.call.cancel(message, cause);
    }
  }

  @Override
  public boolean isReady() {
    Attempt a;
    synchronized (lock) {
      a = current;
    }
    return a != null && a.call.isReady();
  }

  /** The attempt the call is on (the one that ended it, once ended). */
  @Override
  public long wireBytesReceived() {
    Attempt a;
    synchronized (lock) {
      a = current;
    }
    return a == null ? -1 : a.call.wireBytesReceived();
  }

  @Override
  public long wireBytesSent() {
    Attempt a;
    synchronized (lock) {
      a = current;
    }
    return a == null ? -1 : a.call.wireBytesSent();
  }

  /** Listener of one attempt: forwards while it is the current one, decides on retry at close. */
  private class Attempt extends Listener<RespT> {
    final Provider provider;
    final ClientCall<ReqT, RespT> call;
    final long startNanos = System.nanoTime();
    private boolean reached;

    Attempt(Provider provider, ClientCall<ReqT, RespT> call) {
      this.provider = provider;
      this.call = call;
    }

    private boolean commit() {
      synchronized (lock) {
        if (current != this) {
          return false;
        }
        committed = true;
        replay = null;
      }
      if (!reached) {
        reached = true;
        provider.onReached();
      }
      return true;
    }

    @Override
    public void onHeaders(Metadata h) {
      if (commit()) {
        listener.onHeaders(h);
      }
    }

    @Override
    public void onMessage(RespT message) {
      if (commit()) {
        listener.onMessage(message);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      provider.active.decrementAndGet();
      boolean neverSent = Retries.neverSent(status);
      if (neverSent) {
        provider.onConnectFailure();
      } else if (status.code() != Status.Code.CANCELLED && status.code() != Status.Code.DEADLINE_EXCEEDED) {
        if (!reached) {
          reached = true;
          provider.onReached();
        }
        if (method.type() == MethodType.UNARY) {
          provider.recordLatency(System.nanoTime() - startNanos);
        }
      }
      synchronized (lock) {
        if (current != this) {
          return;
        }
        if (neverSent && !committed && !cancelled && replay != null && attempts < maxAttempts
            && !expired()) {
          Provider next = cluster.select(method, tried, route);
          if (next != null) {
            log.debug("Call {} to {} failed before reaching it ({}); retry {} of {} on {}",
                method.fullMethodName(), provider, status.description(), attempts, maxAttempts - 1, next);
            startAttempt(next);
            return;
          }
        }
        if (neverSent && attempts > 1) {
          log.warn("Call {} failed on {} provider(s) after {} attempt(s): {}", method.fullMethodName(),
              tried.size(), attempts, status.description());
        }
      }
      if (!status.isOk() && mode == ClusterChannel.Mode.FAILSAFE && method.type() == MethodType.UNARY
          && status.code() != Status.Code.CANCELLED) {
        RespT empty = defaultResponse();
        if (empty != null) {
          log.warn("Failsafe: call {} to {} failed ({}: {}); returning an empty response",
              method.fullMethodName(), provider, status.code(), status.description());
          listener.onMessage(empty);
          listener.onClose(Status.OK, new Metadata());
          return;
        }
      }
      listener.onClose(status, trailers);
    }

    private boolean expired() {
      Deadline d = options.deadline();
      return d != null && d.isExpired();
    }
  }

  /** The response type's default (for protobuf: the empty message), or null if it has none. */
  private RespT defaultResponse() {
    try {
      return method.responseMarshaller().parse(new ByteArrayInputStream(new byte[0]));
    } catch (Exception | LinkageError e) {
      return null;
    }
  }

  /** An attempt for a caller's listener that wants {@code onReady}. */
  private final class ReadyAttempt extends Attempt {
    ReadyAttempt(Provider provider, ClientCall<ReqT, RespT> call) {
      super(provider, call);
    }

    @Override
    public void onReady() {
      boolean isCurrent;
      synchronized (lock) {
        isCurrent = current == this;
      }
      if (isCurrent) {
        listener.onReady();
      }
    }
  }
}
