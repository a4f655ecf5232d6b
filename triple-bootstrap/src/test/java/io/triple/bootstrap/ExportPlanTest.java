package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.bootstrap.ExportPlan.Export;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ProtocolConfig;
import io.triple.config.ProviderConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which services are exported on which protocol, with what: computed from the configuration alone. */
class ExportPlanTest {
  static final String GREETER = "example.Greeter";
  static final String ECHO = "example.Echo";

  /** What a call passes through, in order, down to the service ("service:<name>"). */
  private final List<String> seen = new ArrayList<>();
  /** The (serviceId, serviceName) of each interceptor a factory made. */
  private final List<String> created = new ArrayList<>();
  private final Map<String, ServiceDefinition> registered = new LinkedHashMap<>();

  private ServiceDefinition service(String name) {
    MethodDescriptor<String, String> call =
        MethodDescriptor.of(name, "call", MethodType.UNARY, DubboRegistryTest.UTF8, DubboRegistryTest.UTF8);
    ServerCallHandler<String, String> handler = (c, headers) -> {
      seen.add("service:" + name);
      return new ServerCall.Listener<>() {};
    };
    return ServiceDefinition.builder(name).addMethod(call, handler).build();
  }

  private void register(String... names) {
    for (String name : names) {
      registered.put(name, service(name));
    }
  }

  /** A filter named {@code name} whose interceptor notes that a call passed. */
  private ServerInterceptorFactory recording(String name) {
    return new ServerInterceptorFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ServerInterceptor create(String serviceId, ServiceConfig service, String serviceName) {
        created.add(serviceId + ":" + serviceName);
        return new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            seen.add(name);
            return next.startCall(call, headers);
          }
        };
      }
    };
  }

  private static InterceptorChains chains(ServerInterceptorFactory... factories) {
    InterceptorChains chains = new InterceptorChains();
    for (ServerInterceptorFactory f : factories) {
      chains.add(f);
    }
    return chains;
  }

  /** Starts a call on the export's only method (the recording interceptors never touch the call). */
  private List<String> callThrough(Export x) {
    seen.clear();
    x.def().methods().iterator().next().handler().startCall(null, new Metadata());
    return List.copyOf(seen);
  }

  private static ProtocolConfig protocol(int port) {
    return ProtocolConfig.builder().ip("127.0.0.1").port(port).build();
  }

  @Test
  void eachEntryIsExportedOnItsProtocolWithItsVersionAndGroup() {
    register(GREETER);
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .protocol("grpc", protocol(50052))
        .service("v2", ServiceConfig.builder().interfaceName(GREETER).protocol("grpc").version("2.0.0").build())
        .service("v1", ServiceConfig.builder().interfaceName(GREETER).protocol("tri").version("1.0.0")
            .group("blue").build())
        .service("plain", ServiceConfig.builder().interfaceName(GREETER).protocol("grpc").build())
        .build();

    Map<String, List<Export>> plan = ExportPlan.of(cfg, registered, chains()).byProtocol();

    assertEquals(List.of("grpc", "tri"), List.copyOf(plan.keySet()), "protocols in the order entries use them");
    List<Export> grpc = plan.get("grpc");
    assertEquals(List.of("v2", "plain"), grpc.stream().map(Export::id).toList());
    assertEquals("2.0.0", grpc.get(0).def().version());
    assertEquals("", grpc.get(0).def().group());
    assertEquals("", grpc.get(1).def().version());
    assertSame(cfg.services().get("v2"), grpc.get(0).config());
    Export v1 = plan.get("tri").get(0);
    assertEquals("v1", v1.id());
    assertEquals(GREETER, v1.def().serviceName());
    assertEquals("1.0.0", v1.def().version());
    assertEquals("blue", v1.def().group());
  }

  @Test
  void anUnlistedServiceIsServedOnTheOnlyProtocolWithTheProviderDefaults() {
    register(GREETER, ECHO);
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .provider(ProviderConfig.builder().filter("audit").build())
        .service("greeter", ServiceConfig.builder().interfaceName(GREETER).filter("trace").build())
        .build();

    List<Export> exports = ExportPlan.of(cfg, registered, chains(recording("audit"), recording("trace")))
        .byProtocol().get("tri");

    assertEquals(2, exports.size(), exports.toString());
    Export echo = exports.get(1);
    assertEquals(ECHO, echo.def().serviceName());
    assertNull(echo.id(), "served without an entry");
    assertNull(echo.config(), "served without an entry: nothing to register");
    assertEquals(List.of("greeter:" + GREETER, "greeter:" + GREETER, "null:" + ECHO), created,
        "one interceptor per service and filter");
    // Provider-wide filters first, then the entry's own; the unlisted service gets the provider's only.
    assertEquals(List.of("audit", "trace", "service:" + GREETER), callThrough(exports.get(0)));
    assertEquals(List.of("audit", "service:" + ECHO), callThrough(echo));
  }

  @Test
  void anUnlistedServiceIsNotServedWhenSeveralProtocolsAreDeclared() {
    register(GREETER, ECHO);
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .protocol("grpc", protocol(50052))
        .service("greeter", ServiceConfig.builder().interfaceName(GREETER).protocol("tri").build())
        .build();

    Map<String, List<Export>> plan = ExportPlan.of(cfg, registered, chains()).byProtocol();

    assertEquals(List.of("tri"), List.copyOf(plan.keySet()));
    assertEquals(List.of(GREETER), plan.get("tri").stream().map(x -> x.def().serviceName()).toList());
  }

  @Test
  void nothingRegisteredAndNothingConfiguredIsAnEmptyPlan() {
    RootConfig cfg = RootConfig.builder().protocol("tri", protocol(50051)).build();
    assertTrue(ExportPlan.of(cfg, registered, chains()).byProtocol().isEmpty());
  }

  @Test
  void anEntryWithoutAnImplementationNamesItsKeyAndWhatIsRegistered() {
    register(ECHO);
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .service("greeter", ServiceConfig.builder().interfaceName(GREETER).build())
        .build();

    ConfigException e = assertThrows(ConfigException.class, () -> ExportPlan.of(cfg, registered, chains()));

    assertEquals("dubbo.provider.services.greeter.interface", e.keyPath());
    assertTrue(e.getMessage().contains("interface " + GREETER + " has no registered implementation (registered: ["
        + ECHO + "]); call Dubbo.register(XxxTriple.bindService(impl))"), e.getMessage());
  }

  @Test
  void anUnknownFilterNamesTheKeyThatListsIt() {
    register(GREETER, ECHO);
    RootConfig ownFilter = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .service("greeter", ServiceConfig.builder().interfaceName(GREETER).filter("trace").build())
        .build();
    ConfigException own = assertThrows(ConfigException.class,
        () -> ExportPlan.of(ownFilter, registered, chains(recording("audit"))));
    assertEquals("dubbo.provider.services.greeter.filter", own.keyPath());
    assertTrue(own.getMessage().contains("unknown filter 'trace'; known: accesslog, token, executes, audit"),
        own.getMessage());

    // Inherited from dubbo.provider, by a listed service and by one served without an entry.
    RootConfig providerFilter = ownFilter.toBuilder()
        .provider(ProviderConfig.builder().filter("trace").build())
        .service("greeter", ServiceConfig.builder().interfaceName(GREETER).build())
        .build();
    ConfigException inherited = assertThrows(ConfigException.class,
        () -> ExportPlan.of(providerFilter, registered, chains()));
    assertEquals("dubbo.provider.filter", inherited.keyPath());
    registered.remove(GREETER);
    RootConfig unlisted = RootConfig.builder()
        .protocol("tri", protocol(50051))
        .provider(ProviderConfig.builder().filter("trace").build())
        .build();
    assertEquals("dubbo.provider.filter",
        assertThrows(ConfigException.class, () -> ExportPlan.of(unlisted, registered, chains())).keyPath());
  }
}
