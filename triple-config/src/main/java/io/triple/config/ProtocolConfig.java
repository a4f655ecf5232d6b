package io.triple.config;

import java.util.List;

/**
 * One entry under {@code dubbo.protocols}: a server endpoint.
 *
 * @param ip address to bind, default {@code 0.0.0.0}
 * @param port port to listen on, 1-65535, or 0 for any free port (the one bound is what registries and
 *     {@code TripleServer.port()} give); {@link #PORT_NOT_SET} (the builder's default) fails validation
 * @param name wire protocol: {@code tri} (default), {@code triple} or {@code grpc}
 * @param host address to advertise to registries, or empty when not set
 * @param maxBodySize {@code triple.max-body-size}: largest request message, null for the server's default
 * @param maxHeaderListSize {@code triple.max-header-list-size}, null for the server's default
 * @param maxConcurrentStreams {@code triple.max-concurrent-streams}, null for the server's default
 * @param initialWindowSize {@code triple.initial-window-size}, null for the server's default
 * @param autoTuneWindow {@code triple.auto-tune-window}: false keeps the receive windows at their
 *     initial size instead of growing them to the measured bandwidth-delay product; null for the
 *     server's default (on)
 * @param corsAllowedOrigins {@code triple.rest.cors.allowed-origins}: browser origins allowed to call
 */
public record ProtocolConfig(String ip, int port, String name, String host, Integer maxBodySize,
        Integer maxHeaderListSize, Integer maxConcurrentStreams, Integer initialWindowSize,
        Boolean autoTuneWindow, List<String> corsAllowedOrigins) {

    public static final String DEFAULT_IP = "0.0.0.0";
    public static final String DEFAULT_NAME = "tri";
    /** The port of a builder that was given none: the key is required. */
    public static final int PORT_NOT_SET = -1;

    public ProtocolConfig {
        ip = ip == null ? DEFAULT_IP : ip;
        name = name == null ? DEFAULT_NAME : name;
        host = host == null ? "" : host;
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
    }

    /** An endpoint with the server's default transport limits. */
    public ProtocolConfig(String ip, int port, String name, String host) {
        this(ip, port, name, host, null, null, null, null, null, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().ip(ip).port(port).name(name).host(host).maxBodySize(maxBodySize)
                .maxHeaderListSize(maxHeaderListSize).maxConcurrentStreams(maxConcurrentStreams)
                .initialWindowSize(initialWindowSize).autoTuneWindow(autoTuneWindow)
                .corsAllowedOrigins(corsAllowedOrigins);
    }

    /** Builder for {@link ProtocolConfig}; {@link #port(int)} is required. */
    public static final class Builder {
        private String ip = DEFAULT_IP;
        private int port = PORT_NOT_SET;
        private String name = DEFAULT_NAME;
        private String host = "";
        private Integer maxBodySize;
        private Integer maxHeaderListSize;
        private Integer maxConcurrentStreams;
        private Integer initialWindowSize;
        private Boolean autoTuneWindow;
        private List<String> corsAllowedOrigins = List.of();

        private Builder() {
        }

        public Builder corsAllowedOrigins(List<String> origins) {
            this.corsAllowedOrigins = origins;
            return this;
        }

        public Builder maxBodySize(Integer bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        public Builder maxHeaderListSize(Integer bytes) {
            this.maxHeaderListSize = bytes;
            return this;
        }

        public Builder maxConcurrentStreams(Integer streams) {
            this.maxConcurrentStreams = streams;
            return this;
        }

        public Builder initialWindowSize(Integer bytes) {
            this.initialWindowSize = bytes;
            return this;
        }

        public Builder autoTuneWindow(Boolean on) {
            this.autoTuneWindow = on;
            return this;
        }

        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        public ProtocolConfig build() {
            return new ProtocolConfig(ip, port, name, host, maxBodySize, maxHeaderListSize, maxConcurrentStreams,
                    initialWindowSize, autoTuneWindow, corsAllowedOrigins);
        }
    }
}
