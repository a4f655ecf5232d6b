package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigException;
import io.triple.spring.boot.app.Callers;
import io.triple.spring.boot.app.HelloImpl;
import io.triple.spring.boot.app.TestApp;
import io.triple.spring.boot.test.HelloReply;
import io.triple.spring.boot.test.HelloRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** Configuration errors fail startup naming the key; the context's close drains calls in flight. */
class StartupAndShutdownTest {

  @AfterEach
  void release() {
    HelloImpl.hold = null;
    HelloImpl.entered = null;
  }

  private static ConfigurableApplicationContext run(String... args) {
    return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).run(args);
  }

  private static ConfigException configError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConfigException e) {
        return e;
      }
    }
    throw new AssertionError("no ConfigException in " + t, t);
  }

  @Test
  void aBadValueFailsStartupNamingTheKeyAndWhereItWasSet() {
    Throwable t = assertThrows(Throwable.class, () -> run("--dubbo.protocols.tri.port=abc"));
    ConfigException e = configError(t);
    assertEquals("dubbo.protocols.tri.port", e.keyPath());
    assertTrue(e.getMessage().startsWith("Spring Environment: dubbo.protocols.tri.port: expected an integer port"
        + " 1-65535, got 'abc' (set in "), e.getMessage());
  }

  @Test
  void aBadValueFromTheEnvironmentsRelaxedNamesIsReportedUnderTheCanonicalKey() {
    int port = FreePort.get();
    Throwable t = assertThrows(Throwable.class, () -> run("--dubbo.protocols.tri.port=" + port,
        "--dubbo.consumer.references.hello.load-balance=fastest"));
    ConfigException e = configError(t);
    assertEquals("dubbo.consumer.references.hello.loadbalance", e.keyPath());
    assertTrue(e.getMessage().contains("expected one of random, roundrobin"), e.getMessage());
  }

  @Test
  void aReferenceAnnotationWithABadUrlFailsStartupNamingTheField() {
    int port = FreePort.get();
    Throwable t = assertThrows(Throwable.class, () -> run("--dubbo.protocols.tri.port=" + port,
        "--dubbo.consumer.references.hello.url=not a url"));
    ConfigException e = configError(t);
    assertEquals("dubbo.consumer.references.hello.url", e.keyPath());
  }

  @Test
  void closingTheContextDrainsCallsInFlightThenStopsTheServer() throws Exception {
    int port = FreePort.get();
    ConfigurableApplicationContext ctx = run("--dubbo.protocols.tri.port=" + port);
    Dubbo dubbo = ctx.getBean(Dubbo.class);
    assertEquals(port, dubbo.servers().get(0).port());
    Callers callers = ctx.getBean(Callers.class);
    TripleHealthIndicator health = ctx.getBean(TripleHealthIndicator.class);
    assertEquals(Status.UP, health.health().getStatus());

    CountDownLatch hold = new CountDownLatch(1);
    HelloImpl.hold = hold;
    CountDownLatch entered = new CountDownLatch(1);
    HelloImpl.entered = entered;
    CompletableFuture<HelloReply> slow =
        callers.helloClient.sayHelloAsync(HelloRequest.newBuilder().setName("slow").build());
    assertTrue(entered.await(10, TimeUnit.SECONDS), "the call reached the service");
    CompletableFuture<Void> closed = CompletableFuture.runAsync(ctx::close);
    Thread.sleep(300);
    assertFalse(closed.isDone(), () -> "close waits for the call in flight; " + closed);
    assertFalse(slow.isDone());
    assertEquals(Status.DOWN, health.health().getStatus()); // draining
    hold.countDown();
    assertEquals("hello, slow", slow.get(5, TimeUnit.SECONDS).getMessage());
    closed.get(10, TimeUnit.SECONDS);
    assertTrue(dubbo.servers().get(0).awaitTermination(java.time.Duration.ofSeconds(1)));
    assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
  }

  @Test
  void anAnnotationsUnresolvedPlaceholderFailsStartupNamingTheField() {
    // Without application.yml there is no dubbo.protocols.tri.port for Callers' url to take.
    Throwable t = assertThrows(Throwable.class, () -> new SpringApplicationBuilder(TestApp.class)
        .web(WebApplicationType.NONE).properties("spring.config.name=none").run());
    ConfigException e = configError(t);
    assertEquals("dubbo.consumer.references.Callers.helloClient.url", e.keyPath());
    assertTrue(e.getMessage().endsWith("got 'tri://127.0.0.1:${dubbo.protocols.tri.port}'"), e.getMessage());
  }
}
