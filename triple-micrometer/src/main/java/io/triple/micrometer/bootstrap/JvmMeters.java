package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * {@code dubbo.metrics.enable_jvm}: the JVM's meters from Micrometer's own binders (memory pools,
 * garbage collections, threads, loaded classes, CPU, uptime), the set Dubbo's {@code enable-jvm}
 * binds too, so dashboards made for Dubbo or Spring Boot find the same {@code jvm_*},
 * {@code process_*} and {@code system_*} names.
 */
final class JvmMeters {
  private JvmMeters() {}

  /** Binds them to {@code registry}; the returned handle stops the GC listener. */
  static AutoCloseable bind(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return gc;
  }
}
