package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderValidationTest {

    @Test
    void builderMadeConfigEqualsTheSeedFile() {
        RootConfig fromCode = RootConfig.builder()
                .application("greeter-provider")
                .loggingLevel("info")
                .protocol("triple", ProtocolConfig.builder().port(8888).build())
                .registry("demoZK", RegistryConfig.builder().protocol("zookeeper").address("127.0.0.1:2181")
                        .timeout(Duration.ofMillis(3000)).build())
                .service("GreeterProvider", ServiceConfig.builder()
                        .interfaceName("org.apache.dubbo.sample.tri.Greeter").version("1.0.0").group("test")
                        .protocol("triple").registryIds("demoZK").tag("gray").build())
                .reference("GreeterClientImpl", ReferenceConfig.builder()
                        .interfaceName("org.apache.dubbo.sample.tri.Greeter").url("tri://localhost:8888")
                        .registryIds(List.of("demoZK")).version("1.0.0").group("test")
                        .timeout(Duration.ofSeconds(3)).build())
                .build();
        assertEquals("<code>", fromCode.source());
        assertEquals(Loaders.parse(Loaders.SEED), fromCode);
    }

    @Test
    void builderResolvesDefaults() {
        RootConfig c = RootConfig.builder()
                .protocol("only", ProtocolConfig.builder().port(50051).name("grpc").build())
                .service("S", ServiceConfig.builder().interfaceName("a.B").build())
                .build();
        assertEquals("only", c.services().get("S").protocol());
        assertEquals("0.0.0.0", c.protocols().get("only").ip());
    }

    private static String fails(RootConfig.Builder b) {
        return assertThrows(ConfigException.class, b::build).getMessage();
    }

    @Test
    void builderMadeConfigIsValidatedWithCodeAsSource() {
        assertEquals("<code>: dubbo.protocols.triple.port: expected an integer port 1-65535, got '70000'",
                fails(RootConfig.builder().protocol("triple", ProtocolConfig.builder().port(70000).build())));
        assertEquals("<code>: dubbo.protocols.triple.port: missing required key; expected an integer port 1-65535",
                fails(RootConfig.builder().protocol("triple", ProtocolConfig.builder().build())));
        assertEquals("<code>: dubbo.provider.services.S.interface: missing required key; expected the "
                        + "fully-qualified interface name, e.g. org.apache.dubbo.sample.tri.Greeter",
                fails(RootConfig.builder().protocol("t", ProtocolConfig.builder().port(1).build())
                        .service("S", ServiceConfig.builder().build())));
        assertEquals("<code>: dubbo.provider.services.S.protocol: refers to protocol 'x', which is not declared; "
                        + "declared protocols under dubbo.protocols: t",
                fails(RootConfig.builder().protocol("t", ProtocolConfig.builder().port(1).build())
                        .service("S", ServiceConfig.builder().interfaceName("a.B").protocol("x").build())));
        assertEquals("<code>: dubbo.registries.r.protocol: registry protocol 'nacos' is not supported by "
                        + "triple-java yet; supported: zookeeper, etcd3",
                fails(RootConfig.builder().registry("r", RegistryConfig.builder().protocol("nacos")
                        .address("h:8848").build())));
        assertEquals("<code>: dubbo.consumer.references.R.retries: expected a non-negative integer, got '-1'",
                fails(RootConfig.builder().reference("R", ReferenceConfig.builder().interfaceName("a.B")
                        .url("tri://h:1").retries(-1).build())));
        assertEquals("<code>: dubbo.consumer.references.R.timeout: expected a positive duration like 500ms, 3s or "
                        + "1m, got '-5ms'",
                fails(RootConfig.builder().reference("R", ReferenceConfig.builder().interfaceName("a.B")
                        .url("tri://h:1").timeout(Duration.ofMillis(-5)).build())));
        assertEquals("<code>: dubbo.consumer.references.R.loadbalance: expected one of random, roundrobin, "
                        + "leastactive, p2c, adaptive, got 'Fast'",
                fails(RootConfig.builder().reference("R", ReferenceConfig.builder().interfaceName("a.B")
                        .url("tri://h:1").loadbalance("Fast").build())));
        assertEquals("<code>: dubbo.provider.services.S.registry_ids: refers to registry 'zk', which is not "
                        + "declared; no registries are declared under dubbo.registries",
                fails(RootConfig.builder().protocol("t", ProtocolConfig.builder().port(1).build())
                        .service("S", ServiceConfig.builder().interfaceName("a.B").registryIds("zk").build())));
    }

    @Test
    void toBuilderRoundTrips() {
        RootConfig c = Loaders.parse(Loaders.SEED);
        RootConfig copy = c.toBuilder()
                .protocol("triple", c.protocols().get("triple").toBuilder().port(9000).build())
                .build();
        assertEquals(9000, copy.protocols().get("triple").port());
        assertEquals(c.services(), copy.services());
    }

    @Test
    void docsBuilderExampleBuilds() {
        RootConfig config = RootConfig.builder()
                .application("greeter-provider")
                .protocol("triple", ProtocolConfig.builder().port(8888).build())
                .registry("demoZK", RegistryConfig.builder().address("zookeeper://127.0.0.1:2181").build())
                .service("GreeterProvider", ServiceConfig.builder()
                        .interfaceName("org.apache.dubbo.sample.tri.Greeter")
                        .version("1.0.0").group("test")
                        .build())
                .reference("GreeterClientImpl", ReferenceConfig.builder()
                        .interfaceName("org.apache.dubbo.sample.tri.Greeter")
                        .url("tri://localhost:8888")
                        .timeout(Duration.ofSeconds(3))
                        .build())
                .build();
        assertEquals("triple", config.services().get("GreeterProvider").protocol());
        assertEquals(List.of("demoZK"), config.services().get("GreeterProvider").registryIds());
        assertEquals("zookeeper", config.registries().get("demoZK").protocol());
        assertEquals(List.of(), config.references().get("GreeterClientImpl").registryIds());
    }
}
