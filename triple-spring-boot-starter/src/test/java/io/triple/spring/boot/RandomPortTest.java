package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.triple.bootstrap.Dubbo;
import io.triple.spring.boot.test.Hello;
import io.triple.spring.boot.test.HelloClient;
import io.triple.spring.boot.test.HelloReply;
import io.triple.spring.boot.test.HelloRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * dubbo.protocols.tri.port: 0 binds a free port, published as local.triple.port; an interceptor
 * factory bean is named in the service's filter (@TripleService's, from a placeholder).
 */
@SpringBootTest(classes = RandomPortTest.App.class, properties = {
    "spring.config.name=none", "dubbo.protocols.tri.ip=127.0.0.1", "dubbo.protocols.tri.port=0",
    "hello.filter=counting"})
class RandomPortTest {

  static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    io.triple.bootstrap.spi.ServerInterceptorFactory counting() {
      return new io.triple.bootstrap.spi.ServerInterceptorFactory() {
        @Override
        public String name() {
          return "counting";
        }

        @Override
        public io.triple.ServerInterceptor create(String serviceId, io.triple.config.ServiceConfig service,
            String serviceName) {
          return new io.triple.ServerInterceptor() {
            @Override
            public <ReqT, RespT> io.triple.ServerCall.Listener<ReqT> interceptCall(io.triple.ServerCall<ReqT, RespT> call,
                io.triple.Metadata headers, io.triple.ServerCallHandler<ReqT, RespT> next) {
              CALLS.incrementAndGet();
              return next.startCall(call, headers);
            }
          };
        }
      };
    }

    @Bean
    @TripleService(filter = "${hello.filter}")
    Hello plainHello() {
      return new Hello() {
        @Override
        public HelloReply sayHello(HelloRequest request) {
          return HelloReply.newBuilder().setMessage("hi, " + request.getName()).build();
        }
      };
    }
  }

  @Autowired Environment environment;
  @Autowired Dubbo dubbo;
  @Autowired TripleHealthIndicator health;

  @Test
  void servesOnTheFreePortItPublishes() throws Exception {
    int port = environment.getRequiredProperty(TripleLifecycle.LOCAL_PORT_PROPERTY, Integer.class);
    assertNotEquals(0, port);
    assertEquals(port, dubbo.servers().get(0).port());
    assertEquals(org.springframework.boot.health.contributor.Status.UP, health.health().getStatus());
    assertEquals(java.util.List.of(port), health.health().getDetails().get("ports"));
    try (HelloClient client = HelloClient.create("tri://127.0.0.1:" + port)) {
      int before = CALLS.get();
      assertEquals("hi, random", client.sayHello(HelloRequest.newBuilder().setName("random").build()).getMessage());
      assertEquals(before + 1, CALLS.get());
    }
  }
}
