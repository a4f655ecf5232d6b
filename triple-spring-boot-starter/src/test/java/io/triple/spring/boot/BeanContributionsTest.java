package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.registry.NotifyListener;
import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;
import io.triple.spring.boot.app.Greeting;
import io.triple.spring.boot.app.HelloImpl;
import io.triple.spring.boot.test.HelloClient;
import io.triple.spring.boot.test.HelloRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * Beans the bootstrap takes: ServerInterceptor and ClientInterceptor beans run on every service and
 * reference, in their order; a RegistryFactory bean is used for its protocol (here an in-memory
 * registry for zookeeper addresses, so the provider and the reference find each other without a
 * ZooKeeper).
 */
@SpringBootTest(classes = BeanContributionsTest.App.class, properties = {
    "spring.config.name=none",
    "dubbo.application.name=beans-test",
    "dubbo.protocols.tri.ip=127.0.0.1",
    "dubbo.protocols.tri.port=0",
    "dubbo.registries.mem.address=zookeeper://127.0.0.1:1",
    "dubbo.registries.mem.register-mode=interface",
    // The name the provider registers under: the proto service's.
    "dubbo.consumer.references.hello.interface=spring.test.Hello",
    "dubbo.consumer.references.hello.registry-ids=mem",
    "dubbo.consumer.references.hello.version=1.0.0",
    // The reference is made before the application's server is up: no provider listed yet.
    "dubbo.consumer.references.hello.check=false"})
class BeanContributionsTest {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  /** One registry's state: providers by interface, and who listens. */
  static final class Memory {
    final Map<String, List<ServiceUrl>> providers = new ConcurrentHashMap<>();
    final Map<String, List<NotifyListener>> listeners = new ConcurrentHashMap<>();
    final List<ServiceUrl> registryUrls = new CopyOnWriteArrayList<>();

    synchronized void changed(String iface) {
      List<ServiceUrl> now = List.copyOf(providers.getOrDefault(iface, List.of()));
      listeners.getOrDefault(iface, List.of()).forEach(l -> l.notify(now));
    }
  }

  static final Memory MEMORY = new Memory();

  record InMemoryRegistry(ServiceUrl url, Memory m) implements Registry {
    @Override
    public void register(ServiceUrl provider) {
      m.providers.computeIfAbsent(provider.serviceInterface(), k -> new CopyOnWriteArrayList<>()).add(provider);
      m.changed(provider.serviceInterface());
    }

    @Override
    public void unregister(ServiceUrl provider) {
      m.providers.getOrDefault(provider.serviceInterface(), new ArrayList<>()).remove(provider);
      m.changed(provider.serviceInterface());
    }

    @Override
    public void subscribe(String iface, NotifyListener listener) {
      m.listeners.computeIfAbsent(iface, k -> new CopyOnWriteArrayList<>()).add(listener);
      m.changed(iface);
    }

    @Override
    public void unsubscribe(String iface, NotifyListener listener) {
      m.listeners.getOrDefault(iface, new ArrayList<>()).remove(listener);
    }

    @Override
    public void close() {}
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({HelloImpl.class, Greeting.class})
  static class App {
    @Bean
    RegistryFactory inMemoryZookeeper() {
      return new RegistryFactory() {
        @Override
        public String protocol() {
          return "zookeeper";
        }

        @Override
        public Registry create(ServiceUrl url) {
          MEMORY.registryUrls.add(url);
          return new InMemoryRegistry(url, MEMORY);
        }
      };
    }

    @Bean
    @Order(2)
    ServerInterceptor second() {
      return server("second");
    }

    @Bean
    @Order(1)
    ServerInterceptor first() {
      return server("first");
    }

    @Bean
    ClientInterceptor clientSide() {
      return new ClientInterceptor() {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions options, Channel next) {
          EVENTS.add("client " + method.fullMethodName());
          return next.newCall(method, options);
        }
      };
    }

    static ServerInterceptor server(String name) {
      return new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
          EVENTS.add(name + " " + call.getMethodDescriptor().fullMethodName());
          return next.startCall(call, headers);
        }
      };
    }
  }

  @Autowired HelloClient hello;

  @Test
  void theBootstrapUsesTheApplicationsBeans() {
    assertEquals("hello, beans", hello.sayHello(HelloRequest.newBuilder().setName("beans").build()).getMessage());
    // Found through the in-memory registry: the provider registered itself there, the reference subscribed.
    assertEquals(1, MEMORY.registryUrls.size(), MEMORY.registryUrls.toString());
    assertEquals("127.0.0.1:1", MEMORY.registryUrls.get(0).address());
    assertEquals(1, MEMORY.providers.get("spring.test.Hello").stream()
        .filter(u -> "provider".equals(u.parameter("side"))).count(), MEMORY.providers.toString());
    // Server interceptors run in the beans' order; the client's before the call left.
    assertEquals(List.of("client spring.test.Hello/sayHello", "first spring.test.Hello/sayHello",
        "second spring.test.Hello/sayHello"), EVENTS);
    assertTrue(MEMORY.listeners.containsKey("spring.test.Hello"));
  }
}
