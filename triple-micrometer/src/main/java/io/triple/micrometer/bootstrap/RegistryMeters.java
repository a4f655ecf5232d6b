package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.triple.bootstrap.management.ReferenceStatus;
import io.triple.bootstrap.management.ServiceStatus;
import io.triple.bootstrap.spi.ApplicationView;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code dubbo.metrics.enable_registry}: the registry state as gauges that read the bootstrap's
 * live view when scraped, so they say what {@code ls} and the status page say at that moment.
 *
 * <ul>
 *   <li>{@code triple.client.providers} and {@code triple.client.providers.usable}: per reference
 *       declared under {@code dubbo.consumer.references} (tags {@code rpc.system},
 *       {@code rpc.service} = its interface, {@code reference} = its id), the providers its
 *       directory knows now, and of those the ones not ejected after connect failures. NaN until
 *       the reference is made (references are made on first use).
 *   <li>{@code triple.server.registered}: per exported service, registry and level (tags
 *       {@code rpc.system}, {@code rpc.service}, {@code registry} = protocol and address,
 *       {@code level} = {@code interface} or {@code application}), how many of its registrations
 *       are there now: 1, or 0 after {@code offline} (more than 1 only when one interface is
 *       exported under several groups or versions). Registered once {@code start()} has exported
 *       the services.
 * </ul>
 *
 * <p>Cardinality is what the configuration declares: references, and services × registries × 2.
 * The gauges are removed from the registry when {@code Dubbo} shuts down.
 */
final class RegistryMeters implements AutoCloseable {
  static final String PROVIDERS = "triple.client.providers";
  static final String USABLE = "triple.client.providers.usable";
  static final String REGISTERED = "triple.server.registered";

  private final MeterRegistry registry;
  private final ApplicationView view;
  private final String system;
  private final List<Meter> meters = new ArrayList<>();

  RegistryMeters(MeterRegistry registry, ApplicationView view, String system) {
    this.registry = registry;
    this.view = view;
    this.system = system;
  }

  /** The references' gauges: every declared reference, made or not. */
  synchronized RegistryMeters bindReferences(RootConfig config) {
    for (Map.Entry<String, ReferenceConfig> e : config.references().entrySet()) {
      String id = e.getKey();
      Tags tags = Tags.of("rpc.system", system, "rpc.service", e.getValue().interfaceName(), "reference", id);
      gauge(PROVIDERS, "Providers this reference's directory knows now (NaN until the reference is made)",
          tags, v -> reference(v, id, false));
      gauge(USABLE, "Providers of this reference not ejected after connect failures (NaN until it is made)",
          tags, v -> reference(v, id, true));
    }
    return this;
  }

  /** The exported services' gauges, once they are exported and registered. */
  synchronized void bindServices() {
    Set<List<String>> seen = new LinkedHashSet<>();
    for (ServiceStatus s : view.services()) {
      for (ServiceStatus.Publication p : s.publications()) {
        String iface = s.interfaceName();
        if (!seen.add(List.of(iface, p.registry(), p.level()))) {
          continue; // the same interface under another group or version: the same gauge counts it
        }
        Tags tags = Tags.of("rpc.system", system, "rpc.service", iface, "registry", p.registry(), "level", p.level());
        gauge(REGISTERED, "Registrations of this service in this registry at this level now (0: offline)",
            tags, v -> registered(v, iface, p.registry(), p.level()));
      }
    }
  }

  private void gauge(String name, String description, Tags tags, ToDoubleFunction<ApplicationView> value) {
    // Strong: the gauge must read the view as long as Dubbo runs, not as long as someone else holds it.
    meters.add(Gauge.builder(name, view, value).description(description).tags(tags).strongReference(true)
        .register(registry));
  }

  private static double reference(ApplicationView view, String id, boolean usable) {
    for (ReferenceStatus r : view.references()) {
      if (r.id().equals(id)) {
        return usable ? r.usableProviders() : r.providers().size();
      }
    }
    return Double.NaN;
  }

  private static double registered(ApplicationView view, String iface, String registry, String level) {
    int n = 0;
    for (ServiceStatus s : view.services()) {
      if (!s.interfaceName().equals(iface)) {
        continue;
      }
      for (ServiceStatus.Publication p : s.publications()) {
        if (p.registered() && p.registry().equals(registry) && p.level().equals(level)) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public synchronized void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
