package io.triple.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * {@code dubbo.metrics}: RPC metrics of every service and reference, and the Prometheus scrape
 * endpoint, with Apache Dubbo's key names where it has them. Read by triple-micrometer's bootstrap
 * wiring; without that module on the class path, nothing reads it.
 *
 * @param enabled meter every exported service and every reference
 * @param protocol the metrics system of the endpoint ({@code prometheus})
 * @param useGlobalRegistry also record into Micrometer's global registry
 * @param histogram publish call durations as a histogram
 * @param exporterEnabled serve the Prometheus scrape endpoint (which implies {@code enabled})
 * @param host address the endpoint listens on
 * @param port port of the endpoint
 * @param path path of the endpoint
 * @param enableJvm also meter the JVM (memory, GC, threads, classes, CPU, uptime), as Dubbo's
 *     {@code enable-jvm} does
 * @param enableRegistry also meter the registry state: providers each reference knows, where each
 *     service is registered (Dubbo's {@code enable-registry}, off by default there too)
 * @param enableThreadpool also meter the handler executor when it is a pool Micrometer can meter
 *     (Dubbo's {@code enable-threadpool}, on by default there too)
 * @param histogramOptions the rest of Dubbo's {@code histogram} section: buckets, range,
 *     percentiles, expiry
 * @param pushgateway {@code prometheus.pushgateway}: push the Prometheus text to a Pushgateway
 *     periodically, as Dubbo's reporter does
 */
public record MetricsConfig(boolean enabled, String protocol, boolean useGlobalRegistry, boolean histogram,
        boolean exporterEnabled, String host, int port, String path, boolean enableJvm, boolean enableRegistry,
        boolean enableThreadpool, HistogramOptions histogramOptions, Pushgateway pushgateway) {

    /** Off: what an absent {@code dubbo.metrics} means. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(false, "prometheus", false, true, false,
            "127.0.0.1", 22222, "/metrics", false, false, true, HistogramOptions.NONE, Pushgateway.OFF);

    /**
     * Dubbo's {@code dubbo.metrics.prometheus.pushgateway} keys.
     *
     * @param enabled push every {@code pushIntervalSeconds}
     * @param baseUrl the Pushgateway: {@code host:port} (Dubbo's form) or an {@code http://} or
     *     {@code https://} URL
     * @param username basic authentication when set
     * @param password with {@code username}
     * @param pushIntervalSeconds {@code push_interval}, seconds between pushes (Dubbo: 30)
     * @param job the group's {@code job} label (Dubbo: {@code default_dubbo_job})
     */
    public record Pushgateway(boolean enabled, String baseUrl, String username, String password,
            int pushIntervalSeconds, String job) {
        public static final Pushgateway OFF = new Pushgateway(false, null, null, null, 30, "default_dubbo_job");

        /**
         * The Pushgateway's base URI: {@code base_url} as {@code host:port} (Dubbo's form, which its
         * Prometheus client reads as plain HTTP) or an {@code http://} or {@code https://} URL,
         * without a trailing slash.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code base_url}
         */
        public URI uri() {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("required with pushgateway.enabled: the Pushgateway's host:port"
                        + " (as Dubbo takes it) or an http:// or https:// URL");
            }
            String s = baseUrl.trim();
            if (!s.contains("://")) {
                s = "http://" + s;
            }
            if (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not an address: '" + baseUrl + "' (" + e.getReason() + ")");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("expected host:port or an http:// or https:// URL, got '"
                        + baseUrl + "'");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host in '" + baseUrl + "'");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("expected no query nor fragment in '" + baseUrl + "'");
            }
            return uri;
        }
    }

    /**
     * Dubbo's {@code dubbo.metrics.histogram} keys besides {@code enabled}; null or empty: not set.
     *
     * @param bucketsMs {@code buckets_ms}: histogram buckets at these durations, in ms
     * @param minExpectedMs {@code min_expected_ms}: the lowest bucket of the percentile histogram
     * @param maxExpectedMs {@code max_expected_ms}: the highest bucket of the percentile histogram
     * @param enabledPercentiles {@code enabled_percentiles}: false turns the percentile histogram off
     * @param percentiles {@code percentiles}: quantiles computed in the process (0.5, 0.99)
     * @param distributionStatisticExpiryMin {@code distribution_statistic_expiry_min}: minutes the
     *     computed percentiles and maximum look back
     */
    public record HistogramOptions(List<Integer> bucketsMs, Integer minExpectedMs, Integer maxExpectedMs,
            Boolean enabledPercentiles, List<Double> percentiles, Integer distributionStatisticExpiryMin) {
        /** Nothing set. */
        public static final HistogramOptions NONE = new HistogramOptions(List.of(), null, null, null, List.of(), null);

        public HistogramOptions {
            bucketsMs = bucketsMs == null ? List.of() : List.copyOf(bucketsMs);
            percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
        }
    }

    /** Whether durations publish the percentile histogram: {@code histogram.enabled}, unless {@code enabled_percentiles} is false. */
    public boolean percentileHistogram() {
        return histogram && !Boolean.FALSE.equals(histogramOptions.enabledPercentiles());
    }

    /** Without the keys added later, at their defaults. */
    public MetricsConfig(boolean enabled, String protocol, boolean useGlobalRegistry, boolean histogram,
            boolean exporterEnabled, String host, int port, String path, boolean enableJvm) {
        this(enabled, protocol, useGlobalRegistry, histogram, exporterEnabled, host, port, path, enableJvm, false,
                true, HistogramOptions.NONE, Pushgateway.OFF);
    }

    public MetricsConfig {
        histogramOptions = histogramOptions == null ? HistogramOptions.NONE : histogramOptions;
        pushgateway = pushgateway == null ? Pushgateway.OFF : pushgateway;
        protocol = protocol == null || protocol.isBlank() ? "prometheus" : protocol;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        path = path == null || path.isBlank() ? "/metrics" : path;
    }

    /**
     * Whether calls are metered: {@code enabled}, or the endpoint or the Pushgateway (which have
     * nothing to show otherwise).
     */
    public boolean rpcMetrics() {
        return enabled || exporterEnabled || pushgateway.enabled();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link MetricsConfig}. */
    public static final class Builder {
        private boolean enabled;
        private String protocol;
        private boolean useGlobalRegistry;
        private boolean histogram;
        private boolean exporterEnabled;
        private String host;
        private int port;
        private String path;
        private boolean enableJvm;
        private boolean enableRegistry;
        private boolean enableThreadpool;
        private HistogramOptions histogramOptions;
        private Pushgateway pushgateway;

        private Builder(MetricsConfig c) {
            enabled = c.enabled;
            protocol = c.protocol;
            useGlobalRegistry = c.useGlobalRegistry;
            histogram = c.histogram;
            exporterEnabled = c.exporterEnabled;
            host = c.host;
            port = c.port;
            path = c.path;
            enableJvm = c.enableJvm;
            enableRegistry = c.enableRegistry;
            enableThreadpool = c.enableThreadpool;
            histogramOptions = c.histogramOptions;
            pushgateway = c.pushgateway;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder useGlobalRegistry(boolean useGlobalRegistry) {
            this.useGlobalRegistry = useGlobalRegistry;
            return this;
        }

        public Builder histogram(boolean histogram) {
            this.histogram = histogram;
            return this;
        }

        public Builder exporterEnabled(boolean exporterEnabled) {
            this.exporterEnabled = exporterEnabled;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder enableJvm(boolean enableJvm) {
            this.enableJvm = enableJvm;
            return this;
        }

        public Builder enableRegistry(boolean enableRegistry) {
            this.enableRegistry = enableRegistry;
            return this;
        }

        public Builder enableThreadpool(boolean enableThreadpool) {
            this.enableThreadpool = enableThreadpool;
            return this;
        }

        public Builder histogramOptions(HistogramOptions histogramOptions) {
            this.histogramOptions = histogramOptions;
            return this;
        }

        public Builder pushgateway(Pushgateway pushgateway) {
            this.pushgateway = pushgateway;
            return this;
        }

        public MetricsConfig build() {
            return new MetricsConfig(enabled, protocol, useGlobalRegistry, histogram, exporterEnabled, host, port, path,
                    enableJvm, enableRegistry, enableThreadpool, histogramOptions, pushgateway);
        }
    }
}
