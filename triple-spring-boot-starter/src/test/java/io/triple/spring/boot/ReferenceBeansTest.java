package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.spring.boot.app.EchoService;
import io.triple.spring.boot.app.EchoServiceImpl;
import io.triple.spring.boot.app.Greeting;
import io.triple.spring.boot.app.HelloImpl;
import io.triple.spring.boot.test.Hello;
import io.triple.spring.boot.test.HelloClient;
import io.triple.spring.boot.test.HelloRequest;
import io.triple.spring.boot.test.HelloTriple;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A consumer application (no services of its own) calling a server started outside Spring: beans
 * for the references under dubbo.consumer.references, injected by type, by name and by
 * {@code @Qualifier}; {@code @TripleReference} on {@code @Autowired} method and {@code @Bean}
 * method parameters.
 */
@SpringBootTest(classes = ReferenceBeansTest.App.class, properties = {
    "spring.config.name=none",
    // The proto service name: its generated classes are found under the application's package.
    "dubbo.consumer.references.hello.interface=spring.test.Hello",
    "dubbo.consumer.references.hello.url=tri://127.0.0.1:${server.port.test}",
    // The Java interface name.
    "dubbo.consumer.references.hello2.interface=io.triple.spring.boot.test.Hello",
    "dubbo.consumer.references.hello2.url=tri://127.0.0.1:${server.port.test}",
    "dubbo.consumer.references.echo.interface=io.triple.spring.boot.app.EchoService",
    "dubbo.consumer.references.echo.url=tri://127.0.0.1:${server.port.test}",
    // Neither a class nor a generated service under the application's packages: no bean, no failure.
    "dubbo.consumer.references.unknown.interface=no.such.Service",
    "dubbo.consumer.references.unknown.url=tri://127.0.0.1:1"})
class ReferenceBeansTest {
  /** Started before the context (a static field), so its port can be given to the references. */
  static final Dubbo SERVER = Dubbo.create()
      .register(HelloTriple.bindService(new HelloImpl(new Greeting("hi"))))
      .register(EchoService.class, new EchoServiceImpl())
      .withConfig(ConfigLoader.withoutOverrides().loadFromTree(Map.of("dubbo", Map.of("protocols",
          Map.of("tri", Map.of("ip", "127.0.0.1", "port", 0)))), "test"))
      .start();

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port.test", () -> SERVER.servers().get(0).port());
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  /** What an @Autowired method and a @Bean method were given. */
  static final class Holder {
    HelloClient fromSetter;
    Hello fromBeanMethod;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Consumer.class)
  static class App {
    @Bean
    Holder holder(@TripleReference(url = "tri://127.0.0.1:${server.port.test}") Hello hello) {
      Holder h = new Holder();
      h.fromBeanMethod = hello;
      return h;
    }
  }

  static class Consumer {
    @Autowired EchoService echo;                             // by type: the only EchoService
    @Autowired HelloClient hello2;                           // by name among two HelloClient beans
    @Autowired @Qualifier("hello") Hello qualified;          // by qualifier, as its generated interface
    HelloClient fromSetter;

    @Autowired
    void setHello(@TripleReference(url = "tri://127.0.0.1:${server.port.test}", timeout = "4s", retries = "0",
        loadbalance = "roundrobin", cluster = "failfast", actives = "${test.actives:7}", tag = "gray", check = "false")
        HelloClient hello) {
      this.fromSetter = hello;
    }
  }

  @Autowired Consumer consumer;
  @Autowired Holder holder;
  @Autowired ApplicationContext context;
  @Autowired io.triple.config.RootConfig config;

  private static HelloRequest name(String n) {
    return HelloRequest.newBuilder().setName(n).build();
  }

  @Test
  void referencesUnderTheConfigurationAreBeans() {
    assertEquals("echo: by type", consumer.echo.echo("by type"));
    assertEquals("hi, by name", consumer.hello2.sayHello(name("by name")).getMessage());
    assertEquals("hi, qualified", consumer.qualified.sayHello(name("qualified")).getMessage());
    assertTrue(consumer.qualified instanceof HelloClient, consumer.qualified.getClass().getName());
    assertSame(consumer.qualified, context.getBean("hello"));
    assertSame(consumer.hello2, context.getBean("hello2", HelloClient.class));
    assertFalse(context.containsBean("unknown"));
  }

  @Test
  void methodParametersTakeTripleReference() {
    assertEquals("hi, setter", consumer.fromSetter.sayHello(name("setter")).getMessage());
    assertEquals("hi, bean method", holder.fromBeanMethod.sayHello(name("bean method")).getMessage());
    // Each described a reference of its own, named after its class and parameter.
    assertTrue(config.references().containsKey("Consumer.hello"), config.references().keySet().toString());
    io.triple.config.ReferenceConfig described = config.references().get("Consumer.hello");
    assertEquals(java.time.Duration.ofSeconds(4), described.timeout());
    assertEquals(0, described.retries());
    assertEquals("roundrobin", described.loadbalance());
    assertEquals("failfast", described.cluster());
    assertEquals(7, described.actives(), "a placeholder's default");
    assertEquals("gray", described.tag());
    assertFalse(described.check());
    assertEquals(2, config.references().get("App.hello").retries(), "not given: the consumer default");
    assertEquals("spring.test.Hello", config.references().get("App.hello").interfaceName());
  }
}
