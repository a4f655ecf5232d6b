package io.triple.cluster;

import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unary call sent to several providers at once; the first success is the answer and the other
 * attempts are cancelled. Fails only when every attempt failed (with the last failure). The
 * request is sent at {@link #halfClose}, when the single message is known.
 */
final class ForkingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private static final Logger log = LoggerFactory.getLogger(ForkingCall.class);

  private final ClusterChannel cluster;
  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final int forks;
  private final List<Fork> running = new ArrayList<>();
  private Listener<RespT> listener;
  private Metadata headers;
  private TagRouter.Route route = TagRouter.Route.NONE;
  private ReqT message;
  private boolean hasMessage;
  private boolean compression = true;
  private boolean done;
  private int failed;
  private boolean cancelled;

  ForkingCall(ClusterChannel cluster, MethodDescriptor<ReqT, RespT> method, CallOptions options, int forks) {
    this.cluster = cluster;
    this.method = method;
    this.options = options;
    this.forks = Math.max(1, forks);
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    this.listener = listener;
    this.headers = cluster.withRoutingHeaders(headers);
    this.route = cluster.route(this.headers);
  }

  @Override
  public void request(int n) {
    // Every fork asks for the single response itself.
  }

  @Override
  public void sendMessage(ReqT message) {
    this.message = message;
    this.hasMessage = true;
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    compression = enabled;
  }

  @Override
  public void halfClose() {
    Set<Provider> chosen = new HashSet<>();
    for (int i = 0; i < forks; i++) {
      Provider p = cluster.selectDistinct(method, chosen, route);
      if (p == null) {
        break;
      }
      chosen.add(p);
    }
    if (chosen.isEmpty()) {
      Status s = cluster.noProvider(route);
      cluster.executorFor(options).execute(() -> listener.onClose(s, new Metadata()));
      return;
    }
    synchronized (this) {
      if (cancelled) {
        Status s = Status.CANCELLED.withDescription("Call cancelled");
        cluster.executorFor(options).execute(() -> listener.onClose(s, new Metadata()));
        return;
      }
      for (Provider p : chosen) {
        running.add(new Fork(p, p.channel().newCall(method, options)));
      }
    }
    for (Fork f : List.copyOf(running)) {
      f.provider.active.incrementAndGet();
      f.call.start(f, headers.copy());
      f.call.request(2);
      f.call.setMessageCompression(compression);
      if (hasMessage) {
        f.call.sendMessage(message);
      }
      f.call.halfClose();
    }
  }

  @Override
  public void cancel(String message, Throwable cause) {
    List<Fork> forksNow;
    synchronized (this) {
      cancelled = true;
      forksNow = List.copyOf(running);
    }
    for (Fork f : forksNow) {
      f.call.cancel(message, cause);
    }
  }

  private final class Fork extends Listener<RespT> {
    final Provider provider;
    final ClientCall<ReqT, RespT> call;
    Metadata responseHeaders;
    RespT response;

    Fork(Provider provider, ClientCall<ReqT, RespT> call) {
      this.provider = provider;
      this.call = call;
    }

    @Override
    public void onHeaders(Metadata h) {
      responseHeaders = h;
    }

    @Override
    public void onMessage(RespT m) {
      response = m;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      provider.active.decrementAndGet();
      if (Retries.neverSent(status)) {
        provider.onConnectFailure();
      } else {
        provider.onReached();
      }
      List<Fork> others;
      boolean last;
      synchronized (ForkingCall.this) {
        if (done) {
          return;
        }
        if (!status.isOk()) {
          failed++;
          last = failed == running.size();
          if (!last) {
            log.debug("Forking call {} to {} failed: {}", method.fullMethodName(), provider, status);
            return;
          }
        }
        done = true;
        others = new ArrayList<>(running);
        others.remove(this);
      }
      for (Fork f : others) {
        f.call.cancel("Another provider answered first", null);
      }
      if (responseHeaders != null) {
        listener.onHeaders(responseHeaders);
      }
      if (response != null) {
        listener.onMessage(response);
      }
      listener.onClose(status, trailers);
    }
  }
}
