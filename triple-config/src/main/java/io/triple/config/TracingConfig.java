package io.triple.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code dubbo.tracing}: Apache Dubbo 3.3's tracing keys ({@code TracingConfig}). Read by
 * triple-opentelemetry's bootstrap wiring; without that module on the class path, nothing reads it.
 *
 * @param enabled trace every exported service and every reference
 * @param samplingProbability {@code sampling.probability}: the share of new traces recorded (a
 *     parent's decision is followed)
 * @param propagationType {@code propagation.type}: {@code W3C} or {@code B3}, upper case
 * @param baggageEnabled {@code baggage.enabled}: propagate W3C baggage too
 * @param otlpEndpoint {@code tracing_exporter.otlp_config.endpoint}, empty when not set
 * @param otlpTimeout {@code tracing_exporter.otlp_config.timeout}
 * @param otlpCompression {@code tracing_exporter.otlp_config.compression_method}: {@code none} or {@code gzip}
 * @param otlpHeaders {@code tracing_exporter.otlp_config.headers}
 * @param zipkinEndpoint {@code tracing_exporter.zipkin_config.endpoint}, empty when not set
 */
public record TracingConfig(boolean enabled, double samplingProbability, String propagationType,
        boolean baggageEnabled, String otlpEndpoint, Duration otlpTimeout, String otlpCompression,
        Map<String, String> otlpHeaders, String zipkinEndpoint) {

    /** Dubbo's defaults: off, 10% sampled, W3C, baggage on, no exporter. */
    public static final TracingConfig DEFAULTS =
            new TracingConfig(false, 0.1, "W3C", true, "", Duration.ofSeconds(10), "none", Map.of(), "");

    public TracingConfig {
        propagationType = propagationType == null ? "W3C" : propagationType.trim().toUpperCase(java.util.Locale.ROOT);
        otlpEndpoint = otlpEndpoint == null ? "" : otlpEndpoint.trim();
        otlpTimeout = otlpTimeout == null ? Duration.ofSeconds(10) : otlpTimeout;
        otlpCompression = otlpCompression == null ? "none" : otlpCompression.trim().toLowerCase(java.util.Locale.ROOT);
        otlpHeaders = otlpHeaders == null ? Map.of() : Map.copyOf(otlpHeaders);
        zipkinEndpoint = zipkinEndpoint == null ? "" : zipkinEndpoint.trim();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** Builder for {@link TracingConfig}. */
    public static final class Builder {
        private boolean enabled;
        private double samplingProbability;
        private String propagationType;
        private boolean baggageEnabled;
        private String otlpEndpoint;
        private Duration otlpTimeout;
        private String otlpCompression;
        private Map<String, String> otlpHeaders;
        private String zipkinEndpoint;

        private Builder(TracingConfig c) {
            enabled = c.enabled;
            samplingProbability = c.samplingProbability;
            propagationType = c.propagationType;
            baggageEnabled = c.baggageEnabled;
            otlpEndpoint = c.otlpEndpoint;
            otlpTimeout = c.otlpTimeout;
            otlpCompression = c.otlpCompression;
            otlpHeaders = c.otlpHeaders;
            zipkinEndpoint = c.zipkinEndpoint;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder samplingProbability(double samplingProbability) {
            this.samplingProbability = samplingProbability;
            return this;
        }

        public Builder propagationType(String propagationType) {
            this.propagationType = propagationType;
            return this;
        }

        public Builder baggageEnabled(boolean baggageEnabled) {
            this.baggageEnabled = baggageEnabled;
            return this;
        }

        public Builder otlpEndpoint(String otlpEndpoint) {
            this.otlpEndpoint = otlpEndpoint;
            return this;
        }

        public Builder otlpTimeout(Duration otlpTimeout) {
            this.otlpTimeout = otlpTimeout;
            return this;
        }

        public Builder otlpCompression(String otlpCompression) {
            this.otlpCompression = otlpCompression;
            return this;
        }

        public Builder otlpHeaders(Map<String, String> otlpHeaders) {
            this.otlpHeaders = otlpHeaders;
            return this;
        }

        public Builder zipkinEndpoint(String zipkinEndpoint) {
            this.zipkinEndpoint = zipkinEndpoint;
            return this;
        }

        public TracingConfig build() {
            return new TracingConfig(enabled, samplingProbability, propagationType, baggageEnabled, otlpEndpoint,
                    otlpTimeout, otlpCompression, otlpHeaders, zipkinEndpoint);
        }
    }
}
