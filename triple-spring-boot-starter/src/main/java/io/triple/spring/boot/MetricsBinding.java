package io.triple.spring.boot;

import io.triple.bootstrap.spi.ApplicationView;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.RootConfig;
import io.triple.micrometer.TripleMetrics;
import io.triple.micrometer.bootstrap.MeteredApplication;
import io.triple.micrometer.bootstrap.StateMeters;
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
    return new MeteredApplication(metrics, state) {
      @Override
      public String toString() {
        return "metrics (Spring's MeterRegistry)";
      }
    };
  }
}
