package io.triple.cluster;

import io.triple.ManagedChannel;
import io.triple.registry.ServiceUrl;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One provider address with its channel and the statistics balancers and ejection use. */
final class Provider {
  private static final Logger log = LoggerFactory.getLogger(Provider.class);
  /** Decay time constant of the latency average: an idle provider's cost fades in ~2 s. */
  private static final double DECAY_NANOS = 2e9;

  final String address;
  final AtomicInteger active = new AtomicInteger();
  private final Function<ServiceUrl, ManagedChannel> channelFactory;
  private final Ejection ejection;
  private volatile ServiceUrl url;
  private ManagedChannel channel;
  private boolean channelStale;

  // Guarded by this.
  private double ewmaNanos;
  private long ewmaStamp;
  private int consecutiveFailures;
  private long ejectedUntil;
  private long nextEjectNanos;
  private boolean closed;

  Provider(ServiceUrl url, Function<ServiceUrl, ManagedChannel> channelFactory, Ejection ejection) {
    this.url = url;
    this.address = url.address();
    this.channelFactory = channelFactory;
    this.ejection = ejection;
    this.nextEjectNanos = ejection.baseNanos();
  }

  ServiceUrl url() {
    return url;
  }

  void url(ServiceUrl u) {
    this.url = u;
  }

  int weight() {
    return url.weight();
  }

  /** The channel; a fresh one after an ejection ended (resetting its reconnect backoff). */
  synchronized ManagedChannel channel() {
    if (channel == null || channelStale) {
      if (channel != null) {
        // Graceful: calls still running on the old channel finish there; shutdownNow() would
        // fail them.
        channel.shutdown();
      }
      channel = channelFactory.apply(url);
      channelStale = false;
    }
    return channel;
  }

  synchronized boolean isEjected(long now) {
    return ejectedUntil != 0 && now - ejectedUntil < 0;
  }

  /** A call to this provider failed before reaching it (connect failure). */
  synchronized void onConnectFailure() {
    consecutiveFailures++;
    long now = System.nanoTime();
    if (consecutiveFailures >= ejection.threshold() && !isEjected(now)) {
      ejectedUntil = now + nextEjectNanos;
      log.warn("Ejecting provider {} for {} ms after {} consecutive connect failures", address,
          nextEjectNanos / 1_000_000, consecutiveFailures);
      nextEjectNanos = Math.min(nextEjectNanos * 2, ejection.maxNanos());
      consecutiveFailures = 0;
      channelStale = true;
    }
  }

  /** The provider answered (any status from the server itself). */
  synchronized void onReached() {
    consecutiveFailures = 0;
    if (ejectedUntil != 0 && !isEjected(System.nanoTime())) {
      ejectedUntil = 0;
      nextEjectNanos = ejection.baseNanos();
    }
  }

  /** Records a unary call's latency in the decaying average. */
  synchronized void recordLatency(long nanos) {
    long now = System.nanoTime();
    if (ewmaStamp == 0) {
      ewmaNanos = nanos;
    } else {
      double w = Math.exp(-(now - ewmaStamp) / DECAY_NANOS);
      double alpha = Math.max(0.3, 1 - w);
      ewmaNanos = ewmaNanos * (1 - alpha) + nanos * alpha;
    }
    ewmaStamp = now;
  }

  /** The latency average decayed by idle time, so a provider not chosen lately is tried again. */
  synchronized double latency(long now) {
    if (ewmaStamp == 0) {
      return 0;
    }
    return ewmaNanos * Math.exp(-(now - ewmaStamp) / DECAY_NANOS);
  }

  synchronized void close() {
    closed = true;
    if (channel != null) {
      channel.shutdown(); // calls in flight finish
    }
  }

  synchronized ManagedChannel channelIfOpen() {
    return closed ? null : channel;
  }

  synchronized ManagedChannel currentChannel() {
    return channel;
  }

  @Override
  public String toString() {
    return address;
  }

  /** Ejection settings: consecutive connect failures before ejection, first and longest period. */
  record Ejection(int threshold, long baseNanos, long maxNanos) {}
}
