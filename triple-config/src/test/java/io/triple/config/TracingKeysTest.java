package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dubbo.tracing}: Dubbo 3.3's TracingConfig keys, as Dubbo's Spring Boot files write them. */
class TracingKeysTest {

    @Test
    void offWithDubbosDefaults() {
        TracingConfig t = parse("""
                dubbo:
                  protocols:
                    triple: {port: 8888}
                """).tracing();
        assertEquals(TracingConfig.DEFAULTS, t);
        assertFalse(t.enabled());
        assertEquals(0.1, t.samplingProbability());
        assertEquals("W3C", t.propagationType());
        assertTrue(t.baggageEnabled());
    }

    @Test
    void parsesDubbosKebabCaseKeys() {
        RootConfig c = parse("""
                dubbo:
                  tracing:
                    enabled: true
                    sampling: {probability: 0.5}
                    propagation: {type: b3}
                    baggage:
                      enabled: false
                      remote-fields: [tenant]
                    tracing-exporter:
                      otlp-config:
                        endpoint: http://collector:4317
                        timeout: 3s
                        compression-method: gzip
                        headers:
                          Authorization: Bearer abc
                          X-Tenant: t1
                """);
        TracingConfig t = c.tracing();
        assertEquals(new TracingConfig(true, 0.5, "B3", false, "http://collector:4317", Duration.ofSeconds(3), "gzip",
                Map.of("Authorization", "Bearer abc", "X-Tenant", "t1"), ""), t);
        assertEquals(t, c.toBuilder().build().tracing());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("dubbo.tracing.baggage.remote-fields is an Apache"
                + " Dubbo key that triple-java does not use; ignored (every W3C baggage entry is propagated)")),
                c.warnings().toString());
    }

    @Test
    void badValuesNameTheKeyAndTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  tracing: {sampling: {probability: 1.5}}
                """));
        assertTrue(e.getMessage().startsWith("dubbo.yaml: dubbo.tracing.sampling.probability: expected a probability"),
                e.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  tracing: {sampling: {probability: often}}
                """)).getMessage().contains("dubbo.tracing.sampling.probability: expected a number"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  tracing: {propagation: {type: jaeger}}
                """)).getMessage().contains("dubbo.tracing.propagation.type: expected W3C or B3"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  tracing: {tracing-exporter: {otlp-config: {headers: [a, b]}}}
                """)).getMessage().contains("dubbo.tracing.tracing_exporter.otlp_config.headers: expected a map"));
    }
}
