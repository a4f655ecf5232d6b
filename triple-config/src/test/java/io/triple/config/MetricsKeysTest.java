package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code dubbo.metrics}: Dubbo's names, ours for the endpoint's address. */
class MetricsKeysTest {

    @Test
    void offWhenAbsent() {
        RootConfig c = parse("""
                dubbo:
                  protocols:
                    triple: {port: 8888}
                """);
        assertEquals(MetricsConfig.DEFAULTS, c.metrics());
        assertFalse(c.metrics().rpcMetrics());
    }

    @Test
    void parsesDubbosKebabCaseNames() {
        RootConfig c = parse("""
                dubbo:
                  metrics:
                    protocol: prometheus
                    use-global-registry: true
                    histogram: {enabled: false}
                    prometheus:
                      exporter:
                        enabled: true
                        metrics-port: 9464
                        metrics-path: /prom
                        metrics-host: 0.0.0.0
                """);
        MetricsConfig m = c.metrics();
        assertTrue(m.exporterEnabled());
        assertTrue(m.rpcMetrics(), "the endpoint meters calls");
        assertFalse(m.enabled());
        assertTrue(m.useGlobalRegistry());
        assertFalse(m.histogram());
        assertEquals(new MetricsConfig(false, "prometheus", true, false, true, "0.0.0.0", 9464, "/prom", false), m);
        assertEquals(m, c.toBuilder().build().metrics());
    }

    @Test
    void enableJvmAsDubboSpellsIt() {
        assertTrue(parse("""
                dubbo:
                  metrics: {enable-jvm: true}
                """).metrics().enableJvm());
        assertFalse(MetricsConfig.DEFAULTS.enableJvm(), "off by default, as in Dubbo");
    }

    @Test
    void refusesOtherProtocolsAndRelativePaths() {
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  metrics: {protocol: otlp}
                """)).getMessage().contains("dubbo.metrics.protocol: unknown metrics protocol 'otlp'"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  metrics: {prometheus: {exporter: {metrics_path: metrics}}}
                """)).getMessage().contains("dubbo.metrics.prometheus.exporter.metrics_path: expected a path"));
    }

    @Test
    void registryAndThreadpoolWithDubbosDefaults() {
        assertFalse(MetricsConfig.DEFAULTS.enableRegistry(), "off by default, as in Dubbo");
        assertTrue(MetricsConfig.DEFAULTS.enableThreadpool(), "on by default, as in Dubbo");
        MetricsConfig m = parse("""
                dubbo:
                  metrics: {enable-registry: true, enable-threadpool: false}
                """).metrics();
        assertTrue(m.enableRegistry());
        assertFalse(m.enableThreadpool());
        assertEquals(m, m.toBuilder().build());
    }
}
