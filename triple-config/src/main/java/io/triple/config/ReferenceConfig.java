package io.triple.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry under {@code dubbo.consumer.references}: a remote service this application calls.
 *
 * @param interfaceName fully-qualified interface name (required; YAML key {@code interface})
 * @param url direct provider address such as {@code tri://localhost:8888}, empty when not set
 * @param registryIds ids of registries to discover providers in; when left empty it is resolved to all declared
 *     registries, or to none when {@code url} is set
 * @param version service version, empty when not set
 * @param group service group, empty when not set
 * @param timeout per-call timeout, default 3s
 * @param retries extra attempts after a failure, default 2
 * @param loadbalance {@code random} (default), {@code roundrobin}, {@code leastactive}, {@code p2c} or
 *     {@code adaptive}
 * @param cluster {@code failover} (default), {@code failfast}, {@code failsafe} or {@code forking}
 * @param token token sent with every call ({@code authorization: Bearer}), empty for none
 * @param filter client interceptor names, the first seeing each call first; once resolved, custom
 *     (non-built-in) names only
 * @param check whether creating the reference's channel fails when its registries list no provider
 *     (Dubbo's {@code check}, default true); references with a {@code url} are not checked
 * @param serialization the serializations an interface (POJO) proxy of this reference sends arguments in, in
 *     order of preference (the first installed one is used); empty for the default, hessian2 then fastjson2
 * @param maxBodySize largest response message in bytes ({@code max_body_size}), null for the channel's default
 * @param migration how registries are read, as Dubbo's migration step: {@code FORCE_INTERFACE},
 *     {@code APPLICATION_FIRST} (the default) or {@code FORCE_APPLICATION}
 * @param actives most calls in flight per provider and method (Dubbo's {@code actives}); a call over it waits for
 *     one to end, until its timeout. 0 (the default) for no limit
 * @param timeoutSet whether {@code timeout} was given (on the reference or as {@code dubbo.consumer.timeout});
 *     when not, a timeout the providers publish in their registry URLs is used before the 3 s default, as
 *     Dubbo's consumers do
 * @param tag the tag its calls route by (Dubbo's tag routing) unless a call sends its own {@code dubbo.tag}
 *     header: to the providers with that tag, else the untagged ones; empty (the default): untagged providers
 */
public record ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                              String group, Duration timeout, int retries, String loadbalance, String cluster,
                              String token, List<String> filter, boolean check, List<String> serialization,
                              Integer maxBodySize, String migration, int actives, boolean timeoutSet,
                              String tag) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_RETRIES = 2;
    public static final String DEFAULT_LOADBALANCE = "random";
    public static final String DEFAULT_CLUSTER = "failover";
    public static final boolean DEFAULT_CHECK = true;
    public static final String DEFAULT_MIGRATION = "APPLICATION_FIRST";

    public ReferenceConfig {
        interfaceName = interfaceName == null ? "" : interfaceName;
        url = url == null ? "" : url;
        registryIds = registryIds == null ? List.of() : List.copyOf(registryIds);
        version = version == null ? "" : version;
        group = group == null ? "" : group;
        timeoutSet = timeoutSet && timeout != null;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        loadbalance = loadbalance == null ? DEFAULT_LOADBALANCE : loadbalance;
        cluster = cluster == null ? DEFAULT_CLUSTER : cluster;
        token = token == null ? "" : token;
        filter = filter == null ? List.of() : List.copyOf(filter);
        serialization = serialization == null ? List.of() : List.copyOf(serialization);
        migration = migration == null || migration.isBlank() ? DEFAULT_MIGRATION : migration.trim();
        tag = tag == null ? "" : tag.trim();
    }

    /** A reference whose timeout counts as given when not null. */
    public ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                           String group, Duration timeout, int retries, String loadbalance, String cluster,
                           String token, List<String> filter, boolean check, List<String> serialization,
                           Integer maxBodySize, String migration, int actives) {
        this(interfaceName, url, registryIds, version, group, timeout, retries, loadbalance, cluster, token,
                filter, check, serialization, maxBodySize, migration, actives, timeout != null, "");
    }

    /** A reference without a limit on calls in flight. */
    public ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                           String group, Duration timeout, int retries, String loadbalance, String cluster,
                           String token, List<String> filter, boolean check, List<String> serialization,
                           Integer maxBodySize, String migration) {
        this(interfaceName, url, registryIds, version, group, timeout, retries, loadbalance, cluster, token,
                filter, check, serialization, maxBodySize, migration, 0);
    }

    /** A reference in the default migration step. */
    public ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                           String group, Duration timeout, int retries, String loadbalance, String cluster,
                           String token, List<String> filter, boolean check, List<String> serialization,
                           Integer maxBodySize) {
        this(interfaceName, url, registryIds, version, group, timeout, retries, loadbalance, cluster, token,
                filter, check, serialization, maxBodySize, DEFAULT_MIGRATION);
    }

    /** A reference without token or interceptors. */
    public ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                           String group, Duration timeout, int retries, String loadbalance, String cluster) {
        this(interfaceName, url, registryIds, version, group, timeout, retries, loadbalance, cluster, "",
                List.of(), DEFAULT_CHECK, List.of(), null, DEFAULT_MIGRATION);
    }

    /** A reference with the channel's default response size limit. */
    public ReferenceConfig(String interfaceName, String url, List<String> registryIds, String version,
                           String group, Duration timeout, int retries, String loadbalance, String cluster,
                           String token, List<String> filter, boolean check, List<String> serialization) {
        this(interfaceName, url, registryIds, version, group, timeout, retries, loadbalance, cluster, token,
                filter, check, serialization, null, DEFAULT_MIGRATION);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().interfaceName(interfaceName).url(url).registryIds(registryIds).version(version)
                .group(group).timeout(timeoutSet ? timeout : null).retries(retries).loadbalance(loadbalance).cluster(cluster)
                .token(token).filter(filter).check(check).serialization(serialization).maxBodySize(maxBodySize)
                .migration(migration).actives(actives).tag(tag);
    }

    /** Builder for {@link ReferenceConfig}; {@link #interfaceName(String)} is required. */
    public static final class Builder {
        private String interfaceName = "";
        private String url = "";
        private List<String> registryIds = List.of();
        private String version = "";
        private String group = "";
        private Duration timeout;
        private int retries = DEFAULT_RETRIES;
        private String loadbalance = DEFAULT_LOADBALANCE;
        private String cluster = DEFAULT_CLUSTER;
        private String token = "";
        private List<String> filter = List.of();
        private boolean check = DEFAULT_CHECK;
        private List<String> serialization = List.of();
        private Integer maxBodySize;
        private String migration = DEFAULT_MIGRATION;
        private int actives;
        private String tag = "";

        private Builder() {
        }

        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder registryIds(List<String> registryIds) {
            this.registryIds = registryIds;
            return this;
        }

        public Builder registryIds(String... registryIds) {
            return registryIds(List.of(registryIds));
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** Per-call timeout; {@code null} (the default): the providers' published one, else 3 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder loadbalance(String loadbalance) {
            this.loadbalance = loadbalance;
            return this;
        }

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        /** Token sent with every call. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Client interceptor names, the first seeing each call first. */
        public Builder filter(List<String> filter) {
            this.filter = filter;
            return this;
        }

        public Builder filter(String... filter) {
            return filter(List.of(filter));
        }

        /** Whether creating the channel fails when the registries list no provider (default true). */
        public Builder check(boolean check) {
            this.check = check;
            return this;
        }

        /**
         * Serializations an interface (POJO) proxy sends arguments in, in order of preference (default: hessian2,
         * then fastjson2).
         */
        public Builder serialization(List<String> serialization) {
            this.serialization = serialization;
            return this;
        }

        /** The tag calls route by (Dubbo's tag routing); empty (default): untagged providers. */
        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        /** Most calls in flight per provider and method; 0 (default) for no limit. */
        public Builder actives(int actives) {
            this.actives = actives;
            return this;
        }

        /** {@code FORCE_INTERFACE}, {@code APPLICATION_FIRST} (default) or {@code FORCE_APPLICATION}. */
        public Builder migration(String migration) {
            this.migration = migration;
            return this;
        }

        public Builder serialization(String... serialization) {
            return serialization(List.of(serialization));
        }

        /** Largest response message in bytes; null (default) for the channel's default, 8 MiB. */
        public Builder maxBodySize(Integer bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        public ReferenceConfig build() {
            return new ReferenceConfig(interfaceName, url, registryIds, version, group, timeout, retries,
                    loadbalance, cluster, token, filter, check, serialization, maxBodySize, migration, actives,
                    timeout != null, tag);
        }
    }
}
