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

    @Test
    void histogramKeysAsDubboNamesThem() {
        MetricsConfig m = parse("""
                dubbo:
                  metrics:
                    histogram:
                      buckets-ms: [10, 50, 100]
                      min-expected-ms: 2
                      max-expected-ms: 5000
                      enabled-percentiles: false
                      percentiles: 0.5,0.99
                      distribution-statistic-expiry-min: 3
                """).metrics();
        assertEquals(new MetricsConfig.HistogramOptions(java.util.List.of(10, 50, 100), 2, 5000, false,
                java.util.List.of(0.5, 0.99), 3), m.histogramOptions());
        assertTrue(m.histogram());
        assertFalse(m.percentileHistogram(), "enabled_percentiles: false turns the buckets off");
        assertTrue(MetricsConfig.DEFAULTS.percentileHistogram());
        assertEquals(m, m.toBuilder().build());
    }

    @Test
    void badHistogramValuesNameTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  metrics: {histogram: {buckets_ms: [10, ten]}}
                """)).getMessage().contains("dubbo.metrics.histogram.buckets_ms: expected a list of integers, got an"
                        + " item 'ten'"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  metrics: {histogram: {percentiles: [0.5, 99]}}
                """)).getMessage().contains("dubbo.metrics.histogram.percentiles: expected quantiles from 0 to 1"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("""
                dubbo:
                  metrics: {histogram: {min_expected_ms: 100, max_expected_ms: 10}}
                """)).getMessage().contains("dubbo.metrics.histogram.max_expected_ms: expected more than"));
    }

    @Test
    void pushgatewayKeysAreDubbos() {
        MetricsConfig m = parse("""
                dubbo:
                  metrics:
                    prometheus:
                      pushgateway: {enabled: true, base-url: 'localhost:9091', job: app, push-interval: 15,
                                    username: u, password: p}
                """).metrics();
        assertEquals(new MetricsConfig.Pushgateway(true, "localhost:9091", "u", "p", 15, "app"), m.pushgateway());
        assertTrue(m.rpcMetrics(), "pushing meters calls, as Dubbo's reporter does");
        assertEquals(java.net.URI.create("http://localhost:9091"), m.pushgateway().uri(), "Dubbo's host:port is plain HTTP");
        // Defaults: Dubbo's job name and interval.
        MetricsConfig.Pushgateway d = parse("""
                dubbo:
                  metrics: {prometheus: {pushgateway: {enabled: true, base_url: 'https://gw.example:9091/'}}}
                """).metrics().pushgateway();
        assertEquals(30, d.pushIntervalSeconds());
        assertEquals("default_dubbo_job", d.job());
        assertEquals(java.net.URI.create("https://gw.example:9091"), d.uri());
        // Off, the keys are accepted unchecked (a Dubbo file with the section switched off loads).
        assertFalse(parse("""
                dubbo:
                  metrics: {prometheus: {pushgateway: {enabled: false, base-url: 'ftp://x'}}}
                """).metrics().rpcMetrics());
    }

    @Test
    void aBadPushgatewayNamesItsKey() {
        String[][] cases = {
            {"{enabled: true}", "dubbo.metrics.prometheus.pushgateway.base_url: required with pushgateway.enabled"},
            {"{enabled: true, base_url: 'ftp://gw:21'}", "dubbo.metrics.prometheus.pushgateway.base_url: expected"
                + " host:port or an http:// or https:// URL, got 'ftp://gw:21'"},
            {"{enabled: true, base_url: 'gw:9091', push_interval: 0}",
                "dubbo.metrics.prometheus.pushgateway.push_interval: expected seconds above 0, got 0"},
            {"{enabled: true, base_url: 'gw:9091', password: secret}",
                "dubbo.metrics.prometheus.pushgateway.username: a password is set without a username"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(
                    "dubbo:\n  metrics: {prometheus: {pushgateway: " + c[0] + "}}\n"), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aggregationIsIgnoredWithAReason() {
        RootConfig c = parse("""
                dubbo:
                  metrics:
                    enabled: true
                    aggregation: {enabled: true, bucket-num: 10, time-window-seconds: 120}
                    enable-metadata: true
                """);
        assertTrue(c.metrics().enabled());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("dubbo.metrics.aggregation is an Apache Dubbo key"
                + " that triple-java does not use; ignored (Dubbo's time-window aggregation")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("dubbo.metrics.enable-metadata is an Apache Dubbo"
                + " key")), c.warnings().toString());
    }
}
