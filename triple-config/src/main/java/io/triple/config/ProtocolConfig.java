package io.triple.config;

/**
 * One entry under {@code dubbo.protocols}: a server endpoint.
 *
 * @param ip address to bind, default {@code 0.0.0.0}
 * @param port port to listen on, 1-65535 (required; {@code 0} means "not set" and fails validation)
 * @param name wire protocol: {@code tri} (default), {@code triple} or {@code grpc}
 * @param host address to advertise to registries, or empty when not set
 */
public record ProtocolConfig(String ip, int port, String name, String host) {

    public static final String DEFAULT_IP = "0.0.0.0";
    public static final String DEFAULT_NAME = "tri";

    public ProtocolConfig {
        ip = ip == null ? DEFAULT_IP : ip;
        name = name == null ? DEFAULT_NAME : name;
        host = host == null ? "" : host;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().ip(ip).port(port).name(name).host(host);
    }

    /** Builder for {@link ProtocolConfig}; {@link #port(int)} is required. */
    public static final class Builder {
        private String ip = DEFAULT_IP;
        private int port;
        private String name = DEFAULT_NAME;
        private String host = "";

        private Builder() {
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
            return new ProtocolConfig(ip, port, name, host);
        }
    }
}
