package io.triple.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry under {@code dubbo.provider.services}: a service this application exports.
 *
 * <p>The interceptor settings ({@code token}, {@code executes}, {@code accesslog}, {@code filter}) fall back to
 * the defaults under {@code dubbo.provider}. In a {@link RootConfig} they are resolved: {@code executes} and
 * {@code accesslog} are never {@code null}, {@code token} is the effective token (empty for none) and
 * {@code filter} holds the names of the interceptors to add after the built-in ones, provider-wide names first.
 * Built from a file or a builder before resolution, {@code null} (or an empty token) means "not set here".
 *
 * @param interfaceName fully-qualified interface name (required; YAML key {@code interface})
 * @param ref implementation class to create when code registers no implementation of the interface
 *     (Dubbo's {@code ref}), empty when not set
 * @param version service version, empty when not set
 * @param group service group, empty when not set
 * @param protocol id of the protocol under {@code dubbo.protocols} to export on; when left empty it is resolved
 *     to the only declared protocol
 * @param registryIds ids of registries to register with; when left empty it is resolved to all declared
 *     registries
 * @param weight load-balancing weight, default 100
 * @param tag routing tag, empty when not set
 * @param token token callers must present, empty for none; {@code false} turns off an inherited token
 * @param executes maximum concurrent calls of this service, 0 for unlimited; {@code null} inherits
 * @param accesslog whether every call is logged on {@code triple.access}; {@code null} inherits
 * @param filter interceptor names; once resolved, custom (non-built-in) names only, provider-wide ones first
 * @param timeout the call timeout published in the service's registry URL for its consumers; {@code null}
 *     inherits {@code dubbo.provider.timeout} (and once resolved, means none)
 * @param retries the retries published in the service's registry URL for its consumers (Dubbo's); {@code null}
 *     inherits {@code dubbo.provider.retries} (and once resolved, means none)
 * @param register whether the service is registered (Dubbo's {@code register}); {@code null} inherits
 *     {@code dubbo.provider.register}, and once resolved it is never null
 */
public record ServiceConfig(String interfaceName, String ref, String version, String group, String protocol,
                            List<String> registryIds, int weight, String tag, String token, Integer executes,
                            Boolean accesslog, List<String> filter, Duration timeout, Integer retries,
                            Boolean register) {

    public static final int DEFAULT_WEIGHT = 100;

    public ServiceConfig {
        interfaceName = interfaceName == null ? "" : interfaceName;
        ref = ref == null ? "" : ref;
        version = version == null ? "" : version;
        group = group == null ? "" : group;
        protocol = protocol == null ? "" : protocol;
        registryIds = registryIds == null ? List.of() : List.copyOf(registryIds);
        tag = tag == null ? "" : tag;
        token = token == null ? "" : token;
        filter = filter == null ? List.of() : List.copyOf(filter);
    }

    /** A service publishing no timeout nor retries of its own. */
    public ServiceConfig(String interfaceName, String ref, String version, String group, String protocol,
                         List<String> registryIds, int weight, String tag, String token, Integer executes,
                         Boolean accesslog, List<String> filter) {
        this(interfaceName, ref, version, group, protocol, registryIds, weight, tag, token, executes, accesslog,
                filter, null, null, null);
    }

    /** A service without interceptor settings (they inherit {@code dubbo.provider}'s). */
    public ServiceConfig(String interfaceName, String version, String group, String protocol,
                         List<String> registryIds, int weight, String tag) {
        this(interfaceName, "", version, group, protocol, registryIds, weight, tag, "", null, null, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().interfaceName(interfaceName).ref(ref).version(version).group(group).protocol(protocol)
                .registryIds(registryIds).weight(weight).tag(tag).token(token).executes(executes)
                .accesslog(accesslog).filter(filter).timeout(timeout).retries(retries).register(register);
    }

    /** Builder for {@link ServiceConfig}; {@link #interfaceName(String)} is required. */
    public static final class Builder {
        private String interfaceName = "";
        private String ref = "";
        private String version = "";
        private String group = "";
        private String protocol = "";
        private List<String> registryIds = List.of();
        private int weight = DEFAULT_WEIGHT;
        private String tag = "";
        private String token = "";
        private Integer executes;
        private Boolean accesslog;
        private List<String> filter = List.of();
        private Duration timeout;
        private Integer retries;
        private Boolean register;

        private Builder() {
        }

        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
            return this;
        }

        /**
         * Implementation class ({@code com.example.OrderServiceImpl}) the bootstrap creates with its public
         * no-arg constructor when code registers no implementation of the interface.
         */
        public Builder ref(String ref) {
            this.ref = ref;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder protocol(String protocolId) {
            this.protocol = protocolId;
            return this;
        }

        public Builder registryIds(List<String> registryIds) {
            this.registryIds = registryIds;
            return this;
        }

        public Builder registryIds(String... registryIds) {
            return registryIds(List.of(registryIds));
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        /** Token callers must send; {@code "false"} turns off a token inherited from {@code dubbo.provider}. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Maximum concurrent calls, 0 for unlimited; {@code null} (the default) inherits. */
        public Builder executes(Integer executes) {
            this.executes = executes;
            return this;
        }

        /** Whether to log every call; {@code null} (the default) inherits. */
        public Builder accesslog(Boolean accesslog) {
            this.accesslog = accesslog;
            return this;
        }

        /** Interceptor names, run in this order after the provider-wide ones. */
        public Builder filter(List<String> filter) {
            this.filter = filter;
            return this;
        }

        public Builder filter(String... filter) {
            return filter(List.of(filter));
        }

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        /** Whether the service is registered; {@code null} (the default) inherits. */
        public Builder register(Boolean register) {
            this.register = register;
            return this;
        }

        /** The retries published for consumers (Dubbo's); {@code null} (the default) inherits. */
        public Builder retries(Integer retries) {
            this.retries = retries;
            return this;
        }

        /** The call timeout published for consumers; {@code null} (the default) inherits. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public ServiceConfig build() {
            return new ServiceConfig(interfaceName, ref, version, group, protocol, registryIds, weight, tag, token,
                    executes, accesslog, filter, timeout, retries, register);
        }
    }
}
