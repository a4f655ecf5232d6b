package io.triple.inprocess;

import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.inprocess.internal.CallTracker;
import io.triple.inprocess.internal.ClientHalf;
import io.triple.inprocess.internal.ClientSettings;
import io.triple.internal.DefaultExecutors;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A channel to an {@link InProcessServer} of this JVM, found by name when each call starts (a
 * call to a name no server runs under fails with UNAVAILABLE, as a refused connection does).
 * {@code Channels.forTarget("inprocess://NAME")} makes one too.
 *
 * <pre>{@code
 * ManagedChannel channel = InProcessChannel.forName("greeter").build();
 * GreeterClient client = GreeterClient.create(channel);
 * }</pre>
 */
public final class InProcessChannel implements ManagedChannel {
  /** Largest response accepted by default, as the network channel's default. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 8 * 1024 * 1024;

  private final String name;
  private final ClientSettings settings;
  private final CallTracker calls;

  private InProcessChannel(Builder b) {
    this.name = b.name;
    ExecutorService owned = b.executor == null ? DefaultExecutors.create("triple-inprocess-client") : null;
    this.calls = new CallTracker(() -> {
      if (owned != null) {
        owned.shutdown();
      }
    });
    Executor executor = owned != null ? owned : b.executor;
    this.settings = new ClientSettings(name, executor, b.maxInboundMessageSize, calls);
  }

  /** A builder for a channel to the in-process server named {@code name}. */
  public static Builder forName(String name) {
    return new Builder(name);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    // After shutdown the call fails when started (UNAVAILABLE, never sent).
    return new ClientHalf<>(method, options, settings);
  }

  /** The server's name. */
  @Override
  public String authority() {
    return name;
  }

  /** New calls fail with UNAVAILABLE; calls in flight go on. */
  @Override
  public void shutdown() {
    calls.shutdown();
  }

  /** New calls fail, and calls in flight end: UNAVAILABLE for the caller, cancelled for the server. */
  @Override
  public void shutdownNow() {
    calls.shutdown();
    calls.abortAll(Status.UNAVAILABLE.withDescription("In-process channel to '" + name + "' shut down"));
  }

  @Override
  public boolean isShutdown() {
    return calls.isShutdown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return calls.awaitTermination(timeout);
  }

  @Override
  public String toString() {
    return "InProcessChannel{" + name + "}";
  }

  /** Configures an {@link InProcessChannel}. */
  public static final class Builder {
    private final String name;
    private Executor executor;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The executor response callbacks run on, unless a call's options name one. Default: a
     * virtual thread per task on JDK 21+, else a pool (as the network channel's), shut down with
     * the channel.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Largest response accepted; a bigger one fails the call with RESOURCE_EXHAUSTED. */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    public InProcessChannel build() {
      return new InProcessChannel(this);
    }
  }
}
