package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triple.bootstrap.spi.ApplicationView;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.bootstrap.spi.ManagementRoute;
import io.triple.config.MetricsConfig;
import io.triple.config.RootConfig;
import io.triple.micrometer.CallStatsJson;
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
 * there. Off (nothing created) without {@code dubbo.metrics}. With the management endpoint on
 * ({@code dubbo.application.qos_enable}), the meters also go to a registry of its own, served as
 * JSON at {@value #STATS_PATH} on that endpoint for its status page ({@link CallStatsJson}).
 */
public final class MetricsExtension implements DubboExtension {
  /** Where the management endpoint's status page reads the RPC meters ({@link CallStatsJson}). */
  public static final String STATS_PATH = "/status/calls.json";

  /** The {@code rpc.system} tag of every meter here: TripleMetrics' default. */
  private static final String SYSTEM = "grpc";

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
    return activate(config, null);
  }

  @Override
  public Active activate(RootConfig config, ApplicationView application) {
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
    if (m.exporterEnabled() || m.pushgateway().enabled()) {
      // One registry for the scrape endpoint and the Pushgateway: both get the same text.
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      targets.add(prometheus);
    }
    if (m.exporterEnabled()) {
      // Served by the bootstrap: on the management endpoint's server when the ports are the same
      // (Dubbo 3 serves /metrics on its QoS port), else on a server of its own; the bootstrap
      // names this key when the port cannot be bound.
      route = new ManagementRoute(m.host(), m.port(), "dubbo.metrics.prometheus.exporter.metrics_port",
          m.path(), PrometheusEndpoint.handler(prometheus, m.path()));
    }
    if (m.useGlobalRegistry() || targets.isEmpty()) {
      targets.add(Metrics.globalRegistry);
    }
    List<ManagementRoute> routes = new ArrayList<>();
    if (route != null) {
      routes.add(route);
    }
    SimpleMeterRegistry recent = null;
    if (config.qos().enable()) {
      // The management endpoint's status page plots from here: a registry of this process's own,
      // whose histograms cover a rolling window (recent latency, not since the start).
      recent = new SimpleMeterRegistry();
      recent.config().meterFilter(CallStatsJson.histogramBuckets());
      targets.add(recent);
      routes.add(new ManagementRoute(config.qos().host(), config.qos().port(), "dubbo.application.qos_port",
          STATS_PATH, CallStatsJson.handler(recent)));
    }
    MeterRegistry registry;
    if (targets.size() == 1) {
      registry = targets.get(0);
    } else {
      CompositeMeterRegistry composite = new CompositeMeterRegistry();
      targets.forEach(composite::add);
      registry = composite;
    }
    TripleMetrics metrics = HistogramSettings.apply(TripleMetrics.builder(registry), m).build();
    AutoCloseable jvm = m.enableJvm() ? JvmMeters.bind(registry) : null;
    StateMeters state = application == null ? null : StateMeters.bind(registry, config, application, SYSTEM);
    PushgatewayPusher pusher = m.pushgateway().enabled() ? PushgatewayPusher.start(prometheus, m.pushgateway()) : null;
    return new Running(metrics, prometheus, recent, routes, jvm, state, pusher);
  }

  private static final class Running extends MeteredApplication {
    private final PrometheusMeterRegistry prometheus;
    private final SimpleMeterRegistry recent;
    private final List<ManagementRoute> routes;
    private final AutoCloseable jvm;
    private final PushgatewayPusher pusher;

    Running(TripleMetrics metrics, PrometheusMeterRegistry prometheus, SimpleMeterRegistry recent,
        List<ManagementRoute> routes, AutoCloseable jvm, StateMeters state, PushgatewayPusher pusher) {
      super(metrics, state);
      this.pusher = pusher;
      this.jvm = jvm;
      this.prometheus = prometheus;
      this.recent = recent;
      this.routes = List.copyOf(routes);
    }

    @Override
    public List<ManagementRoute> managementRoutes() {
      return routes;
    }

    @Override
    public void close() {
      super.close();
      if (pusher != null) {
        pusher.close();
      }
      if (jvm != null) {
        try {
          jvm.close();
        } catch (Exception e) {
          // the GC listener's removal: nothing to do about it at shutdown
        }
      }
      if (recent != null) {
        recent.close();
      }
      if (prometheus != null) {
        prometheus.close();
      }
    }

    @Override
    public String toString() {
      return "metrics" + routes.stream().map(r -> r.host() + ":" + r.port() + r.path()).toList()
          + (pusher == null ? "" : " pushed to " + pusher.target());
    }
  }
}
