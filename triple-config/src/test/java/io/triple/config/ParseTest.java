package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseTest {

    @Test
    void parsesTheSeedExample() {
        RootConfig c = parse(Loaders.SEED);
        assertEquals("dubbo.yaml", c.source());
        assertEquals("INFO", c.loggingLevel());
        assertTrue(c.loggingLevelSet(), "the seed sets logging.level");
        assertEquals("greeter-provider", c.application());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());

        assertEquals(List.of("triple"), List.copyOf(c.protocols().keySet()));
        assertEquals(new ProtocolConfig("0.0.0.0", 8888, "tri", ""), c.protocols().get("triple"));

        RegistryConfig zk = c.registries().get("demoZK");
        assertEquals("zookeeper", zk.protocol());
        assertEquals("127.0.0.1:2181", zk.address());
        assertEquals(List.of("127.0.0.1:2181"), zk.addresses());
        assertEquals(Duration.ofMillis(3000), zk.timeout());

        ServiceConfig s = c.services().get("GreeterProvider");
        assertEquals(new ServiceConfig("org.apache.dubbo.sample.tri.Greeter", "", "1.0.0", "test", "triple",
                List.of("demoZK"), 100, "gray", "", 0, false, List.of(), null, null, true), s);

        ReferenceConfig r = c.references().get("GreeterClientImpl");
        assertEquals(new ReferenceConfig("org.apache.dubbo.sample.tri.Greeter", "tri://localhost:8888",
                List.of("demoZK"), "1.0.0", "test", Duration.ofSeconds(3), 2, "random", "failover"), r);
    }

    @Test
    void parsesDubbosTripleLimitsInAnySpelling() {
        RootConfig c = parse("dubbo:\n  protocols:\n    triple:\n      port: 8888\n      triple:\n"
                + "        max-body-size: 8388608\n        maxHeaderListSize: 16384\n"
                + "        max_concurrent_streams: 200\n        initial-window-size: 65535\n"
                + "        auto-tune-window: false\n");
        RootConfig cors = parse("dubbo:\n  protocols:\n    triple:\n      port: 8888\n      triple:\n"
                + "        rest:\n          cors:\n            allowed-origins: [https://app.example.com, '*']\n");
        assertEquals(List.of("https://app.example.com", "*"), cors.protocols().get("triple").corsAllowedOrigins());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(new ProtocolConfig("0.0.0.0", 8888, "tri", "", 8388608, 16384, 200, 65535, false, List.of()),
                c.protocols().get("triple"));
    }

    @Test
    void parsesTheMinimalExampleWithDefaults() {
        RootConfig c = parse(Loaders.MINIMAL);
        assertEquals("", c.application());
        assertEquals("INFO", c.loggingLevel());
        assertFalse(c.loggingLevelSet(), "no logging section: the backend's own level stays");
        assertEquals(new ProtocolConfig("0.0.0.0", 8888, "tri", ""), c.protocols().get("triple"));
        assertTrue(c.registries().isEmpty());
        assertTrue(c.references().isEmpty());
        ServiceConfig s = c.services().get("GreeterProvider");
        assertEquals("org.apache.dubbo.sample.tri.Greeter", s.interfaceName());
        assertEquals("1.0.0", s.version());
        assertEquals("test", s.group());
        assertEquals("triple", s.protocol());
        assertEquals(List.of(), s.registryIds());
        assertEquals(100, s.weight());
        assertEquals("", s.tag());
    }

    @Test
    void defaultsWhenOptionalKeysAreOmitted() {
        RootConfig c = parse("""
                dubbo:
                  protocols:
                    p1:
                      port: 7000
                  registries:
                    zk:
                      address: zookeeper://10.0.0.1:2181,10.0.0.2:2181
                  provider:
                    services:
                      S:
                        interface: a.B
                  consumer:
                    references:
                      R:
                        interface: a.B
                """);
        ProtocolConfig p = c.protocols().get("p1");
        assertEquals("0.0.0.0", p.ip());
        assertEquals(7000, p.port());
        assertEquals("tri", p.name());
        RegistryConfig zk = c.registries().get("zk");
        assertEquals("zookeeper", zk.protocol());
        assertEquals(List.of("10.0.0.1:2181", "10.0.0.2:2181"), zk.addresses());
        assertEquals(Duration.ofSeconds(3), zk.timeout());
        ServiceConfig s = c.services().get("S");
        assertEquals("p1", s.protocol(), "the only protocol is the default");
        assertEquals(List.of("zk"), s.registryIds(), "all registries by default");
        ReferenceConfig r = c.references().get("R");
        assertEquals(List.of("zk"), r.registryIds());
        assertEquals(Duration.ofSeconds(3), r.timeout());
        assertEquals(2, r.retries());
        assertEquals("random", r.loadbalance());
        assertEquals("failover", r.cluster());
    }

    @Test
    void referenceWithUrlAndNoRegistryIdsUsesNoRegistry() {
        RootConfig c = parse("""
                dubbo:
                  registries:
                    zk: {address: 'zookeeper://127.0.0.1:2181'}
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://localhost:8888'}
                """);
        assertEquals(List.of(), c.references().get("R").registryIds());
    }

    @Test
    void acceptsKebabAndCamelCaseSpellingsAndCommaSeparatedLists() {
        RootConfig c = parse("""
                dubbo:
                  protocols:
                    triple: {port: 8888}
                  registries:
                    a: {address: '127.0.0.1:2181', protocol: zookeeper}
                    b: {address: 'zookeeper://127.0.0.1:2182'}
                  provider:
                    services:
                      S1:
                        interface: a.B
                        registry-ids: a, b
                      S2:
                        interfaceName: a.C
                        registryIds: " b "
                  consumer:
                    references:
                      R:
                        interface-name: a.B
                        loadBalance: roundrobin
                        registry_ids: b
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(List.of("a", "b"), c.services().get("S1").registryIds());
        assertEquals("a.C", c.services().get("S2").interfaceName());
        assertEquals(List.of("b"), c.services().get("S2").registryIds());
        assertEquals("a.B", c.references().get("R").interfaceName());
        assertEquals("roundrobin", c.references().get("R").loadbalance());
        assertEquals(List.of("b"), c.references().get("R").registryIds());
    }

    @Test
    void durationsAcceptNumbersAndUnits() {
        String yaml = """
                dubbo:
                  registries:
                    zk: {address: 'zookeeper://h:1', timeout: %s}
                """;
        assertEquals(Duration.ofMillis(1500), parse(yaml.formatted("1500")).registries().get("zk").timeout());
        assertEquals(Duration.ofMillis(1500), parse(yaml.formatted("'1500'")).registries().get("zk").timeout());
        assertEquals(Duration.ofMillis(500), parse(yaml.formatted("500ms")).registries().get("zk").timeout());
        assertEquals(Duration.ofSeconds(3), parse(yaml.formatted("3s")).registries().get("zk").timeout());
        assertEquals(Duration.ofMinutes(1), parse(yaml.formatted("1m")).registries().get("zk").timeout());
        assertEquals(Duration.ofHours(2), parse(yaml.formatted("2h")).registries().get("zk").timeout());
    }

    @Test
    void keepsFileOrderOfEntries() {
        RootConfig c = parse("""
                dubbo:
                  protocols:
                    zeta: {port: 1}
                    alpha: {port: 2}
                    mid: {port: 3, name: grpc}
                """);
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(c.protocols().keySet()));
        assertEquals("grpc", c.protocols().get("mid").name());
    }

    @Test
    void protocolNamesAndLevelsAreCaseInsensitive() {
        RootConfig c = parse("""
                logging: {level: debug}
                dubbo:
                  protocols:
                    t: {port: 1, name: Triple, host: 10.1.2.3}
                """);
        assertEquals("DEBUG", c.loggingLevel());
        assertEquals("triple", c.protocols().get("t").name());
        assertEquals("10.1.2.3", c.protocols().get("t").host());
    }
}
