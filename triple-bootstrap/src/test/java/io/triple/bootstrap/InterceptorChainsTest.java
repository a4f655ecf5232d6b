package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ProtocolConfig;
import io.triple.config.ProviderConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.interceptor.AccessLogInterceptor;
import io.triple.interceptor.ConcurrencyLimitInterceptor;
import io.triple.interceptor.TokenAuthInterceptor;
import io.triple.interceptor.TokenCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interceptors dubbo.yaml's accesslog, token, executes and filter keys ask for, in their order. */
class InterceptorChainsTest {
  private static final ServerInterceptor CUSTOM = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
        ServerCallHandler<ReqT, RespT> next) {
      return next.startCall(call, headers);
    }
  };

  private static ServerInterceptorFactory factory(String name, ServerInterceptor made) {
    return new ServerInterceptorFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
        return made;
      }
    };
  }

  private static List<Class<?>> types(List<?> chain) {
    return chain.stream().<Class<?>>map(Object::getClass).toList();
  }

  @Test
  void builtInsRunFirstInTheirOrderThenTheFilters() {
    InterceptorChains chains = new InterceptorChains();
    chains.add(factory("custom", CUSTOM));
    RootConfig cfg = RootConfig.builder()
        .provider(ProviderConfig.builder().accesslog(true).token("s3cret").executes(2).filter("custom").build())
        .build();

    List<ServerInterceptor> chain = chains.forService(cfg, null, null, "example.Greeter");

    assertEquals(List.of(AccessLogInterceptor.class, TokenAuthInterceptor.class, ConcurrencyLimitInterceptor.class,
        CUSTOM.getClass()), types(chain));
  }

  @Test
  void aReferenceSendsItsTokenAndOnlyKnownFilters() {
    InterceptorChains chains = new InterceptorChains();
    RootConfig cfg = RootConfig.builder().build();
    ReferenceConfig rc = ReferenceConfig.builder().interfaceName("example.Greeter").url("tri://127.0.0.1:1")
        .token("s3cret").build();
    assertEquals(List.of(TokenCredentials.class), types(chains.forReference(cfg, "r", rc)));

    ReferenceConfig unknown = rc.toBuilder().filter("tracing").build();
    ConfigException e = assertThrows(ConfigException.class, () -> chains.forReference(cfg, "r", unknown));
    assertEquals("dubbo.consumer.references.r.filter", e.keyPath());
    assertTrue(e.getMessage().contains("unknown filter 'tracing'; known: token (add more with a "
        + "ClientInterceptorFactory"), e.getMessage());
  }

  @Test
  void aFactoryThatMakesNothingOrTakesABuiltInNameIsRefused() {
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().port(50051).build())
        .service("greeter", ServiceConfig.builder().interfaceName("example.Greeter").filter("broken").build())
        .build();
    ServiceConfig sc = cfg.services().get("greeter");
    InterceptorChains nothing = new InterceptorChains();
    nothing.add(factory("broken", null));
    ConfigException none = assertThrows(ConfigException.class,
        () -> nothing.forService(cfg, "greeter", sc, "example.Greeter"));
    assertEquals("dubbo.provider.services.greeter.filter", none.keyPath());
    assertTrue(none.getMessage().contains("returned no interceptor for example.Greeter"), none.getMessage());

    InterceptorChains builtinName = new InterceptorChains();
    builtinName.add(factory("token", CUSTOM));
    IllegalStateException taken = assertThrows(IllegalStateException.class,
        () -> builtinName.forService(cfg, "greeter", sc, "example.Greeter"));
    assertTrue(taken.getMessage().endsWith("takes the built-in filter name 'token'"), taken.getMessage());
  }
}
