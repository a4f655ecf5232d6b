package io.triple.spring.boot;

import io.triple.bootstrap.Dubbo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the {@link TripleService} beans with {@link Dubbo} and starts its servers when the
 * application context starts (after every singleton is made, so services and their
 * dependencies are ready); stops them in the same phase as Spring Boot's web server graceful
 * shutdown: out of the registries first and NOT_SERVING (built-in health), new connections and
 * streams refused, calls in flight drained for up to the drain time, then whatever is left cut.
 */
public final class TripleLifecycle implements SmartLifecycle {
  /** The phase: Spring Boot's web server graceful shutdown's, so both drain together. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger log = LoggerFactory.getLogger(TripleLifecycle.class);

  private final Dubbo dubbo;
  private final io.triple.config.RootConfig config;
  private final ApplicationContext context;
  private final Duration drain;
  private volatile boolean running;
  private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean started;
  private volatile boolean stopping;

  TripleLifecycle(Dubbo dubbo, io.triple.config.RootConfig config, ApplicationContext context, Duration drain) {
    this.dubbo = dubbo;
    this.config = config;
    this.context = context;
    this.drain = drain;
  }

  @Override
  public synchronized void start() {
    if (started) {
      return; // a Dubbo starts once; a stopped context is not restarted
    }
    started = true;
    java.util.List<ServiceBeans.ServiceBean> beans = ServiceBeans.find(context);
    for (ServiceBeans.ServiceBean b : beans) {
      register(b.iface(), context.getBean(b.beanName()));
    }
    if (beans.isEmpty() && config.protocols().isEmpty() && config.services().isEmpty()) {
      return; // a consumer: nothing to serve, no server
    }
    dubbo.start();
    running = true;
    publishPort();
    // Netty's threads are daemons: like Spring Boot's web servers, keep the JVM up while serving.
    Thread await = new Thread(() -> {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "triple-await");
    await.setDaemon(false);
    await.start();
  }

  /** The property holding the port the first server bound (what {@code port: 0} chose), as local.server.port. */
  public static final String LOCAL_PORT_PROPERTY = "local.triple.port";

  private void publishPort() {
    if (!dubbo.servers().isEmpty()
        && context.getEnvironment() instanceof org.springframework.core.env.ConfigurableEnvironment env) {
      env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("triple.local",
          java.util.Map.of(LOCAL_PORT_PROPERTY, dubbo.servers().get(0).port())));
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void register(Class<T> iface, Object bean) {
    dubbo.register(iface, (T) bean);
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public void stop(Runnable callback) {
    if (!running) {
      callback.run();
      return;
    }
    running = false;
    stopping = true;
    // Unregisters (and health NOT_SERVING) before the servers stop taking calls.
    dubbo.shutdown();
    Thread t = new Thread(() -> {
      try {
        if (!dubbo.awaitTermination(drain)) {
          log.warn("Calls still in flight after {}; cutting them", drain);
          dubbo.shutdownNow();
        }
      } catch (InterruptedException e) {
        dubbo.shutdownNow();
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
        callback.run();
      }
    }, "triple-graceful-shutdown");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether {@link #start()} ran (servers may be none: a consumer). */
  boolean started() {
    return started;
  }

  /** Whether {@link #stop} began. */
  boolean stopping() {
    return stopping;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The bootstrap whose servers this starts: ports ({@code servers().get(0).port()}), URLs. */
  public Dubbo dubbo() {
    return dubbo;
  }
}
