package io.triple.spring.boot;

import io.triple.ClientInterceptor;
import io.triple.ConnectionListener;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ApplicationView;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.RootConfig;
import io.triple.micrometer.TripleMetrics;
import io.triple.micrometer.bootstrap.StateMeters;
import java.util.List;
import org.springframework.core.Ordered;

/**
 * {@link TripleMetrics} over Spring's registry as the bootstrap's extension {@code metrics}
 * (replacing triple-micrometer's {@code dubbo.metrics} one of that name): its interceptors on
 * every service and reference, its connection listener on every server, and the state meters
 * ({@code dubbo.metrics.enable_registry}, {@code enable_threadpool}) in the same registry.
 */
final class MetricsBinding implements DubboExtension, Ordered {
  /** The {@code rpc.system} tag of the state meters: TripleMetrics' default. */
  private static final String SYSTEM = "grpc";
  private final TripleMetrics metrics;
  private final int order;

  MetricsBinding(TripleMetrics metrics, int order) {
    this.metrics = metrics;
    this.order = order;
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Active activate(RootConfig config) {
    return activate(config, null);
  }

  @Override
  public Active activate(RootConfig config, ApplicationView application) {
    // dubbo.metrics.enable_registry / enable_threadpool, into the same registry as the calls'.
    StateMeters state = application == null ? null
        : StateMeters.bind(metrics.registry(), config, application, SYSTEM);
    return new Active() {
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
        return "metrics (Spring's MeterRegistry)";
      }
    };
  }
}
