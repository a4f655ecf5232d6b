package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.bootstrap.spi.ManagementRoute;
import io.triple.config.MetricsConfig;
import io.triple.config.RootConfig;
import io.triple.micrometer.PrometheusEndpoint;
import io.triple.micrometer.TripleMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dubbo.metrics}: with {@code enabled} (or the Prometheus exporter), every exported service
 * and every reference is metered ({@link TripleMetrics}); with
 * {@code prometheus.exporter.enabled}, a Prometheus registry is created and served on
 * {@code metrics_host:metrics_port} at {@code metrics_path} (loopback, 22222, {@code /metrics} by
 * default), by the bootstrap's management server of that port: the management endpoint's
 * ({@code dubbo.application.qos_*}) when it is on the same port, else one of its own.
 *
 * <p>The meters go to the registry given in code ({@code Dubbo.create().extension(new
 * MetricsExtension(registry))}), the endpoint's Prometheus registry, and Micrometer's global
 * registry with {@code use_global_registry}; to the global registry alone when none of these is
 * there. Off (nothing created) without {@code dubbo.metrics}.
 */
public final class MetricsExtension implements DubboExtension {
  private final MeterRegistry given;

  /** As found on the class path: no registry of the application's. */
  public MetricsExtension() {
    this(null);
  }

  /** Meters into {@code registry} too (when {@code dubbo.metrics} turns metrics on). */
  public MetricsExtension(MeterRegistry registry) {
    this.given = registry;
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public Active activate(RootConfig config) {
    MetricsConfig m = config.metrics();
    if (!m.rpcMetrics()) {
      return null;
    }
    List<MeterRegistry> targets = new ArrayList<>();
    if (given != null) {
      targets.add(given);
    }
    PrometheusMeterRegistry prometheus = null;
    ManagementRoute route = null;
    if (m.exporterEnabled()) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // Served by the bootstrap: on the management endpoint's server when the ports are the same
      // (Dubbo 3 serves /metrics on its QoS port), else on a server of its own; the bootstrap
      // names this key when the port cannot be bound.
      route = new ManagementRoute(m.host(), m.port(), "dubbo.metrics.prometheus.exporter.metrics_port",
          m.path(), PrometheusEndpoint.handler(prometheus, m.path()));
      targets.add(prometheus);
    }
    if (m.useGlobalRegistry() || targets.isEmpty()) {
      targets.add(Metrics.globalRegistry);
    }
    MeterRegistry registry;
    if (targets.size() == 1) {
      registry = targets.get(0);
    } else {
      CompositeMeterRegistry composite = new CompositeMeterRegistry();
      targets.forEach(composite::add);
      registry = composite;
    }
    TripleMetrics metrics = TripleMetrics.builder(registry).histogram(m.histogram()).build();
    return new Running(metrics, prometheus, route);
  }

  private static final class Running implements Active {
    private final TripleMetrics metrics;
    private final PrometheusMeterRegistry prometheus;
    private final ManagementRoute route;

    Running(TripleMetrics metrics, PrometheusMeterRegistry prometheus, ManagementRoute route) {
      this.metrics = metrics;
      this.prometheus = prometheus;
      this.route = route;
    }

    @Override
    public List<ManagementRoute> managementRoutes() {
      return route == null ? List.of() : List.of(route);
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
    public List<io.triple.ConnectionListener> connectionListeners() {
      return List.of(metrics.connectionListener());
    }

    @Override
    public void close() {
      if (prometheus != null) {
        prometheus.close();
      }
    }

    @Override
    public String toString() {
      return "metrics" + (route == null ? "" : " (" + route.host() + ":" + route.port() + route.path() + ")");
    }
  }
}
