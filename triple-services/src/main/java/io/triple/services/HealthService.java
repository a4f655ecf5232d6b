package io.triple.services;

import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.services.health.v1.Health;
import io.triple.services.health.v1.HealthCheckRequest;
import io.triple.services.health.v1.HealthCheckResponse;
import io.triple.services.health.v1.HealthCheckResponse.ServingStatus;
import io.triple.services.health.v1.HealthTriple;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * gRPC health checking ({@code grpc.health.v1.Health}): what load balancers, Kubernetes' gRPC
 * probes and {@code grpc-health-probe} ask a server. The application says what is serving:
 *
 * <pre>{@code
 * HealthService health = HealthService.create();            // "" (the whole server): SERVING
 * TripleServer server = TripleServer.builder()
 *     .addService(GreeterTriple.bindService(new GreeterImpl()))
 *     .addService(health.bindService())
 *     .build().start();
 * health.setStatus("helloworld.Greeter", ServingStatus.SERVING);
 * ...
 * health.enterTerminalState();                              // shutting down: NOT_SERVING for all
 * }</pre>
 *
 * <p>{@code Check} answers the status set for the service, or NOT_FOUND if none was; {@code
 * Watch} sends the status at once ({@code SERVICE_UNKNOWN} if none), then each change, until the
 * client cancels. Thread-safe.
 */
public final class HealthService {
  /** The name clients check for the server as a whole. */
  public static final String SERVER = "";

  private final Object lock = new Object();
  private final Map<String, ServingStatus> statuses = new HashMap<>();
  private final Map<String, Set<StreamObserver<HealthCheckResponse>>> watchers = new HashMap<>();
  private boolean terminal;

  private HealthService() {
    statuses.put(SERVER, ServingStatus.SERVING);
  }

  /** A health service whose server-wide status ({@code ""}) is SERVING. */
  public static HealthService create() {
    return new HealthService();
  }

  /** The definition to add to a server; every call of it shares this instance's statuses. */
  public ServiceDefinition bindService() {
    return HealthTriple.bindService(new Impl());
  }

  /**
   * Sets the status of {@code service} (a fully-qualified service name, or {@link #SERVER}) and
   * tells its watchers. Ignored after {@link #enterTerminalState()}.
   */
  public void setStatus(String service, ServingStatus status) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(status, "status");
    if (status == ServingStatus.UNRECOGNIZED || status == ServingStatus.SERVICE_UNKNOWN) {
      throw new IllegalArgumentException("not a status to set: " + status);
    }
    synchronized (lock) {
      if (!terminal) {
        update(service, status);
      }
    }
  }

  /**
   * Forgets the status of {@code service}: Check answers NOT_FOUND for it again and watchers
   * hear SERVICE_UNKNOWN. Ignored after {@link #enterTerminalState()}.
   */
  public void clearStatus(String service) {
    synchronized (lock) {
      if (!terminal) {
        update(service, null);
      }
    }
  }

  /**
   * Marks every service NOT_SERVING for good (later changes are ignored): call it when the
   * server starts shutting down, so balancers stop sending new calls before it stops.
   */
  public void enterTerminalState() {
    synchronized (lock) {
      terminal = true;
      for (String service : Set.copyOf(statuses.keySet())) {
        update(service, ServingStatus.NOT_SERVING);
      }
    }
  }

  /** The status set for {@code service}, or null. */
  public ServingStatus status(String service) {
    synchronized (lock) {
      return statuses.get(service);
    }
  }

  /** Watch calls open on {@code service} (for tests). */
  int watcherCount(String service) {
    synchronized (lock) {
      return watchers.getOrDefault(service, Set.of()).size();
    }
  }

  private void update(String service, ServingStatus status) {
    ServingStatus before = status == null ? statuses.remove(service) : statuses.put(service, status);
    if (before == status) {
      return;
    }
    HealthCheckResponse response = response(status);
    Set<StreamObserver<HealthCheckResponse>> set = watchers.get(service);
    if (set == null) {
      return;
    }
    for (var it = set.iterator(); it.hasNext(); ) {
      try {
        it.next().onNext(response);
      } catch (RuntimeException e) {
        // Cancelled before its cancellation listener ran (onNext then fails): forget it, and
        // never let one watcher's end fail the caller of setStatus.
        it.remove();
      }
    }
    if (set.isEmpty()) {
      watchers.remove(service);
    }
  }

  private static HealthCheckResponse response(ServingStatus status) {
    return HealthCheckResponse.newBuilder()
        .setStatus(status == null ? ServingStatus.SERVICE_UNKNOWN : status)
        .build();
  }

  private final class Impl implements Health {
    @Override
    public HealthCheckResponse check(HealthCheckRequest request) {
      ServingStatus status = status(request.getService());
      if (status == null) {
        throw new StatusException(
            Status.NOT_FOUND.withDescription("unknown service " + request.getService()));
      }
      return response(status);
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
      String service = request.getService();
      ServerContext context = ServerContext.current();
      synchronized (lock) {
        // Registered and told the current status under the lock: no change can slip between.
        watchers.computeIfAbsent(service, k -> new LinkedHashSet<>()).add(responses);
        responses.onNext(response(statuses.get(service)));
      }
      context.addCancellationListener(() -> {
        synchronized (lock) {
          Set<StreamObserver<HealthCheckResponse>> set = watchers.get(service);
          if (set != null && set.remove(responses) && set.isEmpty()) {
            watchers.remove(service);
          }
        }
      });
    }
  }
}
