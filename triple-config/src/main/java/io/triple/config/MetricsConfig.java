package io.triple.config;

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
 */
public record MetricsConfig(boolean enabled, String protocol, boolean useGlobalRegistry, boolean histogram,
        boolean exporterEnabled, String host, int port, String path, boolean enableJvm, boolean enableRegistry,
        boolean enableThreadpool) {

    /** Off: what an absent {@code dubbo.metrics} means. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(false, "prometheus", false, true, false,
            "127.0.0.1", 22222, "/metrics", false, false, true);

    /** Without the keys added later, at their defaults. */
    public MetricsConfig(boolean enabled, String protocol, boolean useGlobalRegistry, boolean histogram,
            boolean exporterEnabled, String host, int port, String path, boolean enableJvm) {
        this(enabled, protocol, useGlobalRegistry, histogram, exporterEnabled, host, port, path, enableJvm, false,
                true);
    }

    public MetricsConfig {
        protocol = protocol == null || protocol.isBlank() ? "prometheus" : protocol;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        path = path == null || path.isBlank() ? "/metrics" : path;
    }

    /** Whether calls are metered: {@code enabled}, or the endpoint (which has nothing to show otherwise). */
    public boolean rpcMetrics() {
        return enabled || exporterEnabled;
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

        public MetricsConfig build() {
            return new MetricsConfig(enabled, protocol, useGlobalRegistry, histogram, exporterEnabled, host, port, path,
                    enableJvm, enableRegistry, enableThreadpool);
        }
    }
}
