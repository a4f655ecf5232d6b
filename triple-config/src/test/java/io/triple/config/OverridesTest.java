package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {

    private static RootConfig load(Map<String, String> env, Map<String, String> props) {
        return Loaders.with(env, props, Path.of(".")).loadFromString(Loaders.SEED, "dubbo.yaml");
    }

    @Test
    void environmentVariableOverridesFile() {
        RootConfig c = load(Map.of("DUBBO_PROTOCOLS_TRIPLE_PORT", "9999"), Map.of());
        assertEquals(9999, c.protocols().get("triple").port());
    }

    @Test
    void systemPropertyOverridesEnvironmentVariable() {
        RootConfig c = load(Map.of("DUBBO_PROTOCOLS_TRIPLE_PORT", "9999"),
                Map.of("dubbo.protocols.triple.port", "7777"));
        assertEquals(7777, c.protocols().get("triple").port());
    }

    @Test
    void fileValueStaysWithoutOverrides() {
        assertEquals(8888, load(Map.of(), Map.of()).protocols().get("triple").port());
    }

    @Test
    void keysAbsentFromTheFileCanBeSetForExistingEntries() {
        RootConfig c = load(Map.of("DUBBO_PROTOCOLS_TRIPLE_HOST", "10.0.0.5",
                        "DUBBO_CONSUMER_REFERENCES_GREETERCLIENTIMPL_RETRIES", "5"),
                Map.of("dubbo.registries.demoZK.address", "zookeeper://zk1:2181,zk2:2181",
                        "dubbo.provider.services.GreeterProvider.registry_ids", "demoZK"));
        assertEquals("10.0.0.5", c.protocols().get("triple").host());
        assertEquals(5, c.references().get("GreeterClientImpl").retries());
        assertEquals(List.of("zk1:2181", "zk2:2181"), c.registries().get("demoZK").addresses());
    }

    @Test
    void valuesAreConvertedLikeFileValues() {
        RootConfig c = load(Map.of("DUBBO_REGISTRIES_DEMOZK_TIMEOUT", "10s", "LOGGING_LEVEL", "debug"), Map.of());
        assertEquals(Duration.ofSeconds(10), c.registries().get("demoZK").timeout());
        assertEquals("DEBUG", c.loggingLevel());
    }

    @Test
    void entriesAndSectionsNotInTheFileAreNotCreated() {
        RootConfig c = Loaders.with(Map.of("DUBBO_PROTOCOLS_OTHER_PORT", "1", "DUBBO_APPLICATION_NAME", "x",
                        "LOGGING_LEVEL", "ERROR"), Map.of(), Path.of("."))
                .loadFromString(Loaders.MINIMAL, "dubbo.yaml");
        assertEquals(List.of("triple"), List.copyOf(c.protocols().keySet()));
        assertEquals("", c.application());
        assertEquals("INFO", c.loggingLevel());
    }

    @Test
    void badOverriddenValueNamesItsOrigin() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("DUBBO_PROTOCOLS_TRIPLE_PORT", "abc"), Map.of()));
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got 'abc' "
                + "(value from environment variable DUBBO_PROTOCOLS_TRIPLE_PORT)", e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> load(Map.of(), Map.of("dubbo.consumer.references.GreeterClientImpl.cluster", "magic")));
        assertEquals("dubbo.yaml: dubbo.consumer.references.GreeterClientImpl.cluster: expected one of failover, "
                + "failfast, failsafe, forking, got 'magic' (value from system property "
                + "dubbo.consumer.references.GreeterClientImpl.cluster)", e2.getMessage());
    }
}
