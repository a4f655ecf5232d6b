package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triple.CallOptions;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.micrometer.bootstrap.MetricsExtension;
import io.triple.stub.ClientCalls;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dubbo.metrics.enable_threadpool: Micrometer's executor meters on a handler pool given in code. */
class HandlerExecutorMetersTest {

  private static final String CONFIG = EchoService.app("enabled: true");

  @Test
  void aGivenPoolIsMeteredByDefault(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // One thread: tasks run in order, so once a task submitted after the calls has run, theirs have.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, CONFIG)))
        .extension(new MetricsExtension(registry)).executor(pool).register(EchoService.definition()).start()) {
      var channel = dubbo.channel("Echo");
      for (int i = 0; i < 3; i++) {
        ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x");
      }
      pool.submit(() -> { }).get();
      assertEquals(1.0, registry.get("executor.pool.max").tag("name", "triple-handlers").gauge().value());
      // The handler tasks of the three calls ran on the pool (a call may take more than one task).
      assertTrue(registry.get("executor.completed").tag("name", "triple-handlers").functionCounter().count() >= 3);
      assertTrue(registry.find("executor.queued").tag("name", "triple-handlers").gauge() != null);
    } finally {
      pool.shutdown();
    }
    assertNull(registry.find("executor.pool.max").gauge(), "removed at shutdown");
  }

  @Test
  void notWhenTurnedOffNorForTheDefaultExecutor(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    String off = CONFIG.replace("    enabled: true\n", "    enabled: true\n    enable-threadpool: false\n");
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, off)))
        .extension(new MetricsExtension(registry)).executor(pool).register(EchoService.definition()).start()) {
      assertNull(registry.find("executor.pool.max").gauge(), "enable_threadpool: false");
    } finally {
      pool.shutdown();
    }
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, CONFIG)))
        .extension(new MetricsExtension(registry)).register(EchoService.definition()).start()) {
      // The default executor has no pool to read: logged, not metered.
      assertNull(registry.find("executor.pool.max").gauge(), "the default executor");
    }
  }
}
