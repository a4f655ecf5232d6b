package io.triple;

import java.time.Duration;

/** A {@link Channel} that owns connections and must be shut down. */
public interface ManagedChannel extends Channel, AutoCloseable {

  /** Stops new calls; calls in flight continue. */
  void shutdown();

  /** Stops new calls and cancels the ones in flight. */
  void shutdownNow();

  boolean isShutdown();

  /** Waits for in-flight calls and connections to end; true if they did within the timeout. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /** {@link #shutdown()} then waits up to 5 seconds, then {@link #shutdownNow()}. */
  @Override
  default void close() {
    shutdown();
    try {
      if (!awaitTermination(Duration.ofSeconds(5))) {
        shutdownNow();
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
