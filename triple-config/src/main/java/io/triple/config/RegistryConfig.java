package io.triple.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry under {@code dubbo.registries}.
 *
 * @param protocol registry type, e.g. {@code zookeeper}; taken from the address scheme when not given
 * @param address the address as written, e.g. {@code zookeeper://127.0.0.1:2181} or {@code 127.0.0.1:2181}
 * @param timeout session/connect timeout, default 3s
 * @param registerMode what providers register here, as Dubbo's {@code register-mode}: {@code interface},
 *     {@code instance} (application-level) or {@code all} (both, the default)
 * @param register whether providers register here (Dubbo's {@code register}, default true); false makes the
 *     registry subscribe-only, as Dubbo developers set it so that a service running on their machine is not
 *     found by others
 */
public record RegistryConfig(String protocol, String address, Duration timeout, String registerMode,
                             boolean register) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final String DEFAULT_REGISTER_MODE = "all";

    /** A registry in the default register mode. */
    public RegistryConfig(String protocol, String address, Duration timeout) {
        this(protocol, address, timeout, DEFAULT_REGISTER_MODE);
    }

    /** A registry providers register in. */
    public RegistryConfig(String protocol, String address, Duration timeout, String registerMode) {
        this(protocol, address, timeout, registerMode, true);
    }

    public RegistryConfig {
        address = address == null ? "" : address.trim();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        registerMode = registerMode == null || registerMode.isBlank() ? DEFAULT_REGISTER_MODE : registerMode.trim();
        if (protocol == null || protocol.isEmpty()) {
            protocol = scheme(address);
        }
    }

    /**
     * The {@code host:port} entries of {@link #address()}, without the scheme and without a path or parameters
     * ({@code zookeeper://h1:2181?backup=h2:2181} gives {@code h1:2181}).
     */
    public List<String> addresses() {
        String rest = address;
        int i = rest.indexOf("://");
        if (i >= 0) {
            rest = rest.substring(i + 3);
        }
        for (int j = 0; j < rest.length(); j++) {
            if (rest.charAt(j) == '/' || rest.charAt(j) == '?') {
                rest = rest.substring(0, j);
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : rest.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** The scheme of the address ({@code zookeeper} in {@code zookeeper://...}), or empty. */
    static String scheme(String address) {
        if (address == null) {
            return "";
        }
        int i = address.indexOf("://");
        return i > 0 ? address.substring(0, i).trim() : "";
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().protocol(protocol).address(address).timeout(timeout).registerMode(registerMode)
                .register(register);
    }

    /** Builder for {@link RegistryConfig}; {@link #address(String)} is required. */
    public static final class Builder {
        private String protocol = "";
        private String address = "";
        private Duration timeout = DEFAULT_TIMEOUT;
        private String registerMode = DEFAULT_REGISTER_MODE;
        private boolean register = true;

        private Builder() {
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** {@code interface}, {@code instance} or {@code all} (default). */
        public Builder registerMode(String registerMode) {
            this.registerMode = registerMode;
            return this;
        }

        /** Whether providers register here (default true); false: subscribe only. */
        public Builder register(boolean register) {
            this.register = register;
            return this;
        }

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        public RegistryConfig build() {
            return new RegistryConfig(protocol, address, timeout, registerMode, register);
        }
    }
}
