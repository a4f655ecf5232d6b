package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;
import io.triple.bootstrap.spi.ApplicationView;
import io.triple.config.MetricsConfig;
import io.triple.config.RootConfig;

/**
 * The meters of an application's state that {@code dubbo.metrics} turns on beside the call meters:
 * the registry's ({@code enable_registry}: {@link RegistryMeters}) and the handler executor's
 * ({@code enable_threadpool}: {@link HandlerExecutorMeters}). Used by {@link MetricsExtension}
 * and by the Spring Boot starter, which meters into Spring's registry instead of the extension's.
 */
public final class StateMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final MetricsConfig metrics;
  private final ApplicationView application;
  private final String system;
  private final RegistryMeters registryMeters;
  private volatile HandlerExecutorMeters executorMeters;

  private StateMeters(MeterRegistry registry, MetricsConfig metrics, ApplicationView application, String system,
      RegistryMeters registryMeters) {
    this.registry = registry;
    this.metrics = metrics;
    this.application = application;
    this.system = system;
    this.registryMeters = registryMeters;
  }

  /**
   * The state meters {@code config}'s {@code dubbo.metrics} keys ask for, into {@code registry},
   * tagged {@code rpc.system=system}: the references' gauges now, the rest at {@link #started()}.
   */
  public static StateMeters bind(MeterRegistry registry, RootConfig config, ApplicationView application,
      String system) {
    MetricsConfig m = config.metrics();
    RegistryMeters r = m.enableRegistry() ? new RegistryMeters(registry, application, system).bindReferences(config)
        : null;
    return new StateMeters(registry, m, application, system, r);
  }

  /**
   * The application started: its services are exported and registered, its servers have their
   * executor (a consumer-only application has none).
   */
  public void started() {
    if (registryMeters != null) {
      registryMeters.bindServices();
    }
    if (metrics.enableThreadpool()) {
      executorMeters = HandlerExecutorMeters.bind(registry, application.handlerExecutor(), system);
    }
  }

  /** Removes the meters from the registry (the application shut down). */
  @Override
  public void close() {
    if (registryMeters != null) {
      registryMeters.close();
    }
    HandlerExecutorMeters executor = executorMeters;
    if (executor != null) {
      executor.close();
    }
  }
}
