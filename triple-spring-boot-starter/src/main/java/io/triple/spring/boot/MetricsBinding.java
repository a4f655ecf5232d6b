package io.triple.spring.boot;

import io.triple.ClientInterceptor;
import io.triple.ConnectionListener;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.RootConfig;
import io.triple.micrometer.TripleMetrics;
import java.util.List;
import org.springframework.core.Ordered;

/**
 * {@link TripleMetrics} over Spring's registry as the bootstrap's extension {@code metrics}
 * (replacing triple-micrometer's {@code dubbo.metrics} one of that name): its interceptors on
 * every service and reference, and its connection listener on every server.
 */
final class MetricsBinding implements DubboExtension, Ordered {
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
      public String toString() {
        return "metrics (Spring's MeterRegistry)";
      }
    };
  }
}
