package io.triple.micrometer.bootstrap;

import io.triple.ClientInterceptor;
import io.triple.ConnectionListener;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.micrometer.TripleMetrics;
import java.util.List;

/**
 * What metering does to a running application, wherever its meters go: {@link TripleMetrics}'
 * interceptors on every service and reference, its connection listeners on every server and
 * provider channel, and the {@link StateMeters} bound at start and removed at shutdown. The
 * {@code dubbo.metrics} extension adds its endpoints and registries to it; the Spring Boot
 * starter uses it as is, over Spring's registry.
 */
public class MeteredApplication implements DubboExtension.Active {
  private final TripleMetrics metrics;
  private final StateMeters state;

  /** {@code state}: null when there is no application view to read it from. */
  public MeteredApplication(TripleMetrics metrics, StateMeters state) {
    this.metrics = metrics;
    this.state = state;
  }

  @Override
  public List<ServerInterceptor> serverInterceptors() {
    return List.of(metrics.serverInterceptor());
  }

  @Override
  public List<ClientInterceptor> clientInterceptors() {
    return List.of(metrics.clientInterceptor());
  }

  @Override
  public List<ConnectionListener> connectionListeners() {
    return List.of(metrics.connectionListener());
  }

  @Override
  public List<ConnectionListener> clientConnectionListeners() {
    return List.of(metrics.clientConnectionListener());
  }

  @Override
  public void started() {
    if (state != null) {
      state.started();
    }
  }

  @Override
  public void close() {
    if (state != null) {
      state.close();
    }
  }

  @Override
  public String toString() {
    return "metrics";
  }
}
