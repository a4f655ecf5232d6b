package io.triple.inprocess.internal;

import io.triple.Status;
import io.triple.internal.MethodRegistry;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * What a channel needs of a running in-process server: its methods, its handler executor, its
 * size limit and its calls in flight. Running servers are found by name in this JVM (per class
 * loader of this class).
 */
public final class ServerEndpoint {
  private static final ConcurrentMap<String, ServerEndpoint> RUNNING = new ConcurrentHashMap<>();

  final String name;
  final MethodRegistry methods;
  final Executor executor;
  final int maxInboundMessageSize;
  final SocketAddress address;
  private final CallTracker calls;

  public ServerEndpoint(String name, MethodRegistry methods, Executor executor,
      int maxInboundMessageSize, SocketAddress address, Runnable onTerminated) {
    this.name = name;
    this.methods = methods;
    this.executor = executor;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.address = address;
    this.calls = new CallTracker(onTerminated);
  }

  /**
   * Makes the server reachable by its name.
   *
   * @throws IllegalStateException if another server of this name is running
   */
  public void register() {
    ServerEndpoint other = RUNNING.putIfAbsent(name, this);
    if (other != null) {
      throw new IllegalStateException("An in-process server named '" + name + "' is already running");
    }
  }

  /** New calls no longer find the server; calls in flight go on. */
  public void unregister() {
    RUNNING.remove(name, this);
  }

  static ServerEndpoint find(String name) {
    return RUNNING.get(name);
  }

  public CallTracker calls() {
    return calls;
  }

  /** Ends every call in flight: the client sees {@code clientStatus}, the handler a cancellation. */
  public void abortAll(Status clientStatus) {
    calls.abortAll(clientStatus);
  }
}
