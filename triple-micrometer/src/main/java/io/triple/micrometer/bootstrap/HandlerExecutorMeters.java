package io.triple.micrometer.bootstrap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dubbo.metrics.enable_threadpool}: Micrometer's {@link ExecutorServiceMetrics} on the
 * handler executor given to {@code Dubbo.executor(..)} when it is a pool it can read (a
 * {@link ThreadPoolExecutor} or {@link ForkJoinPool}): {@code executor.pool.size},
 * {@code executor.active}, {@code executor.queued}, {@code executor.completed}, ... tagged
 * {@code name=triple-handlers}. Only gauges and counters read from the pool: the executor itself
 * is not wrapped, so tasks cost nothing more. The servers' default executor (virtual threads on
 * JDK 21+, else a pool each server makes for itself) is out of reach; that is logged once.
 */
final class HandlerExecutorMeters implements AutoCloseable {
  static final String NAME = "triple-handlers";
  private static final Logger log = LoggerFactory.getLogger(HandlerExecutorMeters.class);

  private final MeterRegistry registry;
  private final List<Meter> meters;

  private HandlerExecutorMeters(MeterRegistry registry, List<Meter> meters) {
    this.registry = registry;
    this.meters = meters;
  }

  /** The meters of {@code executor} in {@code registry}, or null (and a log line) when it cannot be metered. */
  static HandlerExecutorMeters bind(MeterRegistry registry, Executor executor, String system) {
    if (!(executor instanceof ThreadPoolExecutor) && !(executor instanceof ForkJoinPool)) {
      log.info("dubbo.metrics.enable_threadpool: the handler executor is {}, which Micrometer cannot meter;"
          + " give Dubbo.executor(..) a ThreadPoolExecutor or ForkJoinPool to have executor.* meters"
          + " (set enable_threadpool: false to silence this)",
          executor == null ? "the servers' default (virtual threads on JDK 21+, else a pool of each server's own)"
              : executor.getClass().getName());
      return null;
    }
    List<Meter> before = registry.getMeters();
    new ExecutorServiceMetrics((ExecutorService) executor, NAME, Tags.of("rpc.system", system)).bindTo(registry);
    List<Meter> added = new ArrayList<>(registry.getMeters());
    added.removeAll(before);
    return new HandlerExecutorMeters(registry, added);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
