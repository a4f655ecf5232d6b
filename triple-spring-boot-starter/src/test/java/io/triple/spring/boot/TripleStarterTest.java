package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.bootstrap.Dubbo;
import io.triple.config.RootConfig;
import io.triple.spring.boot.app.Callers;
import io.triple.spring.boot.app.TestApp;
import io.triple.spring.boot.test.HelloRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application serving a generated and an interface service from its beans on a free
 * port, and calling them through injected references.
 */
@SpringBootTest(classes = TestApp.class, properties = "dubbo.consumer.references.echo.serialization=hessian2")
@ActiveProfiles("loud")
class TripleStarterTest {
  static final int PORT = FreePort.get();

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("dubbo.protocols.tri.port", () -> PORT);
  }

  @Autowired Callers callers;
  @Autowired io.triple.spring.boot.app.ConstructorCaller constructorCaller;
  @Autowired Dubbo dubbo;
  @Autowired RootConfig config;
  @Autowired TripleLifecycle lifecycle;

  @Test
  void servesBeansOnTheConfiguredPort() {
    assertTrue(lifecycle.isRunning());
    assertEquals(PORT, dubbo.servers().get(0).port());
    assertTrue(dubbo.urls().contains("triple://127.0.0.1:" + PORT + "/spring.test.Hello"), dubbo.urls().toString());
    assertTrue(dubbo.urls().contains("triple://127.0.0.1:" + PORT + "/io.triple.spring.boot.app.EchoService"),
        dubbo.urls().toString());
  }

  @Test
  void callsAGeneratedServiceThroughAnInjectedClient() {
    // The profile's greeting.word reached the service bean; the version the annotation gives selects it.
    assertEquals("HELLO, boot", callers.helloClient.sayHello(HelloRequest.newBuilder().setName("boot").build())
        .getMessage());
    assertEquals("HELLO, by id", callers.hello.sayHello(HelloRequest.newBuilder().setName("by id").build())
        .getMessage());
  }

  @Test
  void injectsConstructorParameters() {
    assertEquals("HELLO, ctor", constructorCaller.hello.sayHello(HelloRequest.newBuilder().setName("ctor").build())
        .getMessage());
    assertEquals("echo: ctor", constructorCaller.echo.echo("ctor"));
    // Same attributes as Callers.helloClient: one reference, one channel.
    assertEquals(callers.helloClient.getChannel(), constructorCaller.hello.getChannel());
  }

  @Test
  void callsAnInterfaceServiceThroughAnInjectedProxy() {
    assertEquals("echo: spring", callers.echo.echo("spring"));
  }

  @Test
  void aReferenceBeanGivesWayToTheLocalImplementation() {
    assertTrue(callers.local instanceof io.triple.spring.boot.app.EchoServiceImpl, callers.local.getClass().getName());
    assertTrue(java.lang.reflect.Proxy.isProxyClass(callers.remote.getClass()), callers.remote.getClass().getName());
    assertEquals("echo: remote", callers.remote.echo("remote"));
  }

  @Test
  void configurationComesFromTheEnvironmentAndTheAnnotations() {
    assertEquals("spring-test-loud", config.application()); // profile document
    assertEquals(PORT, config.protocols().get("tri").port()); // dynamic property over application.yml
    assertEquals("1.0.0", config.services().get("helloImpl").version()); // @TripleService(version)
    assertEquals(Duration.ofSeconds(7), config.services().get("helloImpl").timeout()); // @TripleService(timeout)
    assertEquals(0, config.services().get("helloImpl").retries());
    assertEquals(150, config.services().get("helloImpl").weight(), "a placeholder's default");
    assertEquals(true, config.services().get("helloImpl").register(), "not given: dubbo.provider's (true)");
    assertEquals(Duration.ofSeconds(5), config.references().get("Callers.helloClient").timeout()); // @TripleReference
    assertEquals(Duration.ofSeconds(3), config.references().get("hello").timeout()); // dubbo.consumer default
    assertEquals(java.util.List.of("hessian2"), config.references().get("echo").serialization());
  }
}
