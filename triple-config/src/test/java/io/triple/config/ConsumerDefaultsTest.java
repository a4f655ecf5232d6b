package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dubbo.consumer}'s defaults for every reference (Dubbo's {@code <dubbo:consumer>}). */
class ConsumerDefaultsTest {

    private static final String CONSUMER = """
            dubbo:
              consumer:
                timeout: 10s
                retries: 0
                loadbalance: roundrobin
                cluster: failfast
                token: s3cret
                filter: [audit]
                check: false
                references:
                  Inherits:
                    interface: a.B
                    url: tri://localhost:8888
                  Overrides:
                    interface: a.C
                    url: tri://localhost:8888
                    timeout: 500ms
                    retries: 3
                    load_balance: leastactive
                    cluster: failover
                    token: 'false'
                    filter: [metrics, audit]
                    check: true
            """;

    @Test
    void referencesInheritWhatTheyDoNotSet() {
        RootConfig c = parse(CONSUMER);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        ReferenceConfig r = c.references().get("Inherits");
        assertEquals(Duration.ofSeconds(10), r.timeout());
        assertEquals(0, r.retries());
        assertEquals("roundrobin", r.loadbalance());
        assertEquals("failfast", r.cluster());
        assertEquals("s3cret", r.token());
        assertEquals(List.of("audit"), r.filter());
        assertEquals(false, r.check(), "dubbo.consumer.check: false, as Dubbo configs often say");
        ReferenceConfig o = c.references().get("Overrides");
        assertEquals(Duration.ofMillis(500), o.timeout());
        assertEquals(3, o.retries());
        assertEquals("leastactive", o.loadbalance());
        assertEquals("failover", o.cluster());
        assertEquals("", o.token(), "false turns the inherited token off");
        assertEquals(List.of("audit", "metrics"), o.filter(), "the consumer's filters first, no duplicates");
        assertEquals(true, o.check());
    }

    @Test
    void checkIsOnUnlessTurnedOff() {
        RootConfig c = parse("dubbo:\n  registries:\n    zk:\n      address: zookeeper://127.0.0.1:2181\n  consumer:\n    references:\n      R:\n        interface: a.B\n");
        assertTrue(c.references().get("R").check(), "Dubbo's default");
    }

    @Test
    void withoutConsumerDefaultsTheBuiltInOnesApply() {
        ReferenceConfig r = parse(Loaders.SEED).references().get("GreeterClientImpl");
        assertEquals(ReferenceConfig.DEFAULT_TIMEOUT, r.timeout());
        assertEquals(ReferenceConfig.DEFAULT_RETRIES, r.retries());
        assertEquals(ReferenceConfig.DEFAULT_LOADBALANCE, r.loadbalance());
        assertEquals(ReferenceConfig.DEFAULT_CLUSTER, r.cluster());
    }

    /** Whether a timeout was given decides whether the providers' published one may be used instead. */
    @Test
    void aTimeoutCountsAsGivenOnTheReferenceOrTheConsumerOnly() {
        RootConfig none = parse("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://h:1'}
                      Own: {interface: a.B, url: 'tri://h:1', timeout: 3s}
                """);
        assertFalse(none.references().get("R").timeoutSet());
        assertEquals(ReferenceConfig.DEFAULT_TIMEOUT, none.references().get("R").timeout());
        assertTrue(none.references().get("Own").timeoutSet(), "3 s given is given, even if it is the default");
        assertTrue(parse(CONSUMER).references().get("Inherits").timeoutSet(), "dubbo.consumer.timeout");
        assertEquals(none.references().get("R"), none.references().get("R").toBuilder().build());
        assertEquals(none.references().get("Own"), none.references().get("Own").toBuilder().build());
        assertFalse(ReferenceConfig.builder().interfaceName("a.B").build().timeoutSet());
    }

    @Test
    void theConsumersTagIsEveryReferencesUnlessItSetsItsOwn() {
        RootConfig c = parse("""
                dubbo:
                  consumer:
                    tag: gray
                    references:
                      Inherits: {interface: a.B, url: 'tri://h:1'}
                      Own: {interface: a.B, url: 'tri://h:1', tag: ' blue '}
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals("gray", c.references().get("Inherits").tag());
        assertEquals("blue", c.references().get("Own").tag());
        assertEquals("", parse(Loaders.SEED).references().get("GreeterClientImpl").tag());
        assertEquals(c.references().get("Own"), c.references().get("Own").toBuilder().build());
    }

    @Test
    void aBadInheritedValueNamesTheKeyItCameFrom() {
        String message = assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  consumer:
                    loadbalance: fastest
                    references:
                      R:
                        interface: a.B
                        url: tri://localhost:8888
                """)).getMessage();
        assertTrue(message.contains("dubbo.consumer.references.R.loadbalance: expected one of random, roundrobin"),
                message);
        assertTrue(message.contains("(value from dubbo.consumer.loadbalance)"), message);
    }

    @Test
    void aSystemPropertySetsTheConsumerDefault() {
        RootConfig c = Loaders.with(Map.of(), Map.of("dubbo.consumer.timeout", "2s"), Path.of("."))
                .loadFromString(CONSUMER, "dubbo.yaml");
        assertEquals(Duration.ofSeconds(2), c.references().get("Inherits").timeout());
        assertEquals(Duration.ofMillis(500), c.references().get("Overrides").timeout());
    }

    @Test
    void maxBodySizeIsInheritedOverriddenAndChecked() {
        RootConfig c = parse("""
                dubbo:
                  consumer:
                    max-body-size: 1048576
                    references:
                      Inherits:
                        interface: a.B
                        url: tri://localhost:8888
                      Overrides:
                        interface: a.C
                        url: tri://localhost:8888
                        maxBodySize: 16777216
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(1048576, c.references().get("Inherits").maxBodySize());
        assertEquals(16777216, c.references().get("Overrides").maxBodySize());
        assertEquals(null, parse("""
                dubbo:
                  consumer:
                    references:
                      R:
                        interface: a.B
                        url: tri://localhost:8888
                """).references().get("R").maxBodySize(), "unset: the channel's default");
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  consumer:
                    references:
                      R:
                        interface: a.B
                        url: tri://localhost:8888
                        max_body_size: 0
                """));
        assertTrue(e.getMessage().contains("dubbo.consumer.references.R.max_body_size"), e.getMessage());
    }
}
