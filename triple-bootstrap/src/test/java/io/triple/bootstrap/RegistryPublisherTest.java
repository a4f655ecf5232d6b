package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.bootstrap.ExportPlan.Export;
import io.triple.config.ProtocolConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.registry.LocalAddress;
import io.triple.registry.ServiceUrl;
import io.triple.stub.ServerCalls;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The provider URL a service is registered with, in Apache Dubbo Java's layout. */
class RegistryPublisherTest {
  private static final String IFACE = DubboRegistryTest.IFACE;

  private static ServiceDefinition greeterWithTwoMethods() {
    MethodDescriptor<String, String> wave =
        MethodDescriptor.of(IFACE, "wave", MethodType.UNARY, DubboRegistryTest.UTF8, DubboRegistryTest.UTF8);
    return ServiceDefinition.builder(IFACE)
        .addMethod(wave, ServerCalls.unaryCall(req -> CompletableFuture.completedFuture(req)))
        .addMethod(DubboRegistryTest.GREET, ServerCalls.unaryCall(req -> CompletableFuture.completedFuture(req)))
        .build();
  }

  private static ServiceUrl url(ProtocolConfig protocol, ServiceConfig entry, ServiceDefinition def) {
    RootConfig cfg = RootConfig.builder().application("app").protocol("p", protocol).service("s", entry).build();
    return RegistryPublisher.providerUrl(cfg, new Export(def, "s", cfg.services().get("s")), protocol, 20880);
  }

  @Test
  void aServiceWithVersionGroupWeightAndTag() {
    ProtocolConfig protocol = ProtocolConfig.builder().ip("0.0.0.0").port(50051).host("provider.example").build();
    ServiceUrl url = url(protocol,
        ServiceConfig.builder().interfaceName(IFACE).weight(150).tag("canary").build(),
        greeterWithTwoMethods().withVersion("1.0.0").withGroup("blue"));

    assertEquals("tri", url.protocol(), "Dubbo Java's name for Triple");
    assertEquals(LocalAddress.forRegistry("provider.example", "0.0.0.0"), url.host());
    assertEquals(20880, url.port(), "the port the server is bound to, not the configured one");
    assertEquals(IFACE, url.path());
    assertEquals("1.0.0", url.version());
    assertEquals("blue", url.group());
    assertEquals("greet,wave", url.parameter("methods"));
    assertEquals("150", url.parameter("weight"));
    assertEquals("canary", url.parameter("dubbo.tag"));
    assertEquals("app", url.parameter("application"));
    assertEquals("provider", url.parameter("side"));
    assertEquals(IFACE, url.parameter("interface"));
  }

  @Test
  void noEmptyGroupOrVersionAndGrpcKeepsItsName() {
    ProtocolConfig protocol = ProtocolConfig.builder().ip("127.0.0.1").port(50051).name("grpc").build();
    ServiceUrl url = url(protocol, ServiceConfig.builder().interfaceName(IFACE).build(), DubboRegistryTest.service("x"));

    assertEquals("grpc", url.protocol());
    assertEquals("grpc", url.parameter("protocol"));
    assertFalse(url.parameters().containsKey(ServiceUrl.GROUP), url.toFullString());
    assertFalse(url.parameters().containsKey(ServiceUrl.VERSION), url.toFullString());
    assertFalse(url.parameters().containsKey("dubbo.tag"), url.toFullString());
    assertEquals(Integer.toString(ServiceConfig.DEFAULT_WEIGHT), url.parameter("weight"));
  }

  /**
   * Interface services' serializations are published as Dubbo's providers publish them
   * ({@code prefer.serialization}): what the provider accepts, every installed one by default
   * (in this module's tests, the test-only "javatest").
   */
  @Test
  void acceptedSerializationsArePublishedAsPreferSerialization() {
    ProtocolConfig protocol = ProtocolConfig.builder().ip("127.0.0.1").port(50051).build();
    ServiceUrl byDefault = url(protocol, ServiceConfig.builder().interfaceName(IFACE).build(), greeterWithTwoMethods());
    assertEquals("javatest", byDefault.parameter("prefer.serialization"), byDefault.toFullString());

    RootConfig cfg = RootConfig.builder().application("app").protocol("p", protocol)
        .provider(io.triple.config.ProviderConfig.builder().serialization("hessian2", "fastjson2").build())
        .service("s", ServiceConfig.builder().interfaceName(IFACE).build()).build();
    ServiceUrl narrowed = RegistryPublisher.providerUrl(cfg,
        new Export(greeterWithTwoMethods(), "s", cfg.services().get("s")), protocol, 20880);
    assertEquals("hessian2,fastjson2", narrowed.parameter("prefer.serialization"));
  }

  /**
   * A provider's timeout is published as Dubbo's providers publish it ({@code timeout}, ms), for
   * consumers that set none: the service's own, else {@code dubbo.provider}'s, else none.
   */
  @Test
  void theTimeoutAndRetriesArePublishedForConsumers() {
    ProtocolConfig protocol = ProtocolConfig.builder().ip("127.0.0.1").port(50051).build();
    ServiceUrl none = url(protocol, ServiceConfig.builder().interfaceName(IFACE).build(), greeterWithTwoMethods());
    assertFalse(none.parameters().containsKey(ServiceUrl.TIMEOUT), none.toFullString());
    assertFalse(none.parameters().containsKey(ServiceUrl.RETRIES), none.toFullString());

    RootConfig cfg = RootConfig.builder().application("app").protocol("p", protocol)
        .provider(io.triple.config.ProviderConfig.builder().timeout(java.time.Duration.ofSeconds(5)).retries(0)
            .build())
        .service("inherits", ServiceConfig.builder().interfaceName(IFACE).build())
        .service("own", ServiceConfig.builder().interfaceName(IFACE).version("2")
            .timeout(java.time.Duration.ofMillis(1500)).retries(4).build())
        .build();
    assertEquals("5000", RegistryPublisher.providerUrl(cfg, new Export(greeterWithTwoMethods(), "inherits",
        cfg.services().get("inherits")), protocol, 20880).parameter(ServiceUrl.TIMEOUT));
    assertEquals("1500", RegistryPublisher.providerUrl(cfg, new Export(greeterWithTwoMethods(), "own",
        cfg.services().get("own")), protocol, 20880).parameter(ServiceUrl.TIMEOUT));
    assertEquals("5000", RegistryPublisher.providerUrl(cfg, new Export(greeterWithTwoMethods(), null, null),
        protocol, 20880).parameter(ServiceUrl.TIMEOUT), "a service without an entry: dubbo.provider's");
    assertEquals("0", RegistryPublisher.providerUrl(cfg, new Export(greeterWithTwoMethods(), "inherits",
        cfg.services().get("inherits")), protocol, 20880).parameter(ServiceUrl.RETRIES));
    assertEquals("4", RegistryPublisher.providerUrl(cfg, new Export(greeterWithTwoMethods(), "own",
        cfg.services().get("own")), protocol, 20880).parameter(ServiceUrl.RETRIES));
  }
}
