package io.triple.config;

import java.util.List;

/**
 * One entry under {@code dubbo.provider.services}: a service this application exports.
 *
 * @param interfaceName fully-qualified interface name (required; YAML key {@code interface})
 * @param version service version, empty when not set
 * @param group service group, empty when not set
 * @param protocol id of the protocol under {@code dubbo.protocols} to export on; when left empty it is resolved
 *     to the only declared protocol
 * @param registryIds ids of registries to register with; when left empty it is resolved to all declared
 *     registries
 * @param weight load-balancing weight, default 100
 * @param tag routing tag, empty when not set
 */
public record ServiceConfig(String interfaceName, String version, String group, String protocol,
                            List<String> registryIds, int weight, String tag) {

    public static final int DEFAULT_WEIGHT = 100;

    public ServiceConfig {
        interfaceName = interfaceName == null ? "" : interfaceName;
        version = version == null ? "" : version;
        group = group == null ? "" : group;
        protocol = protocol == null ? "" : protocol;
        registryIds = registryIds == null ? List.of() : List.copyOf(registryIds);
        tag = tag == null ? "" : tag;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().interfaceName(interfaceName).version(version).group(group).protocol(protocol)
                .registryIds(registryIds).weight(weight).tag(tag);
    }

    /** Builder for {@link ServiceConfig}; {@link #interfaceName(String)} is required. */
    public static final class Builder {
        private String interfaceName = "";
        private String version = "";
        private String group = "";
        private String protocol = "";
        private List<String> registryIds = List.of();
        private int weight = DEFAULT_WEIGHT;
        private String tag = "";

        private Builder() {
        }

        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
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

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        public ServiceConfig build() {
            return new ServiceConfig(interfaceName, version, group, protocol, registryIds, weight, tag);
        }
    }
}
