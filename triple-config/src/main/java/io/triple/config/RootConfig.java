package io.triple.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration: what {@code dubbo.yaml} describes. Instances are always validated: obtain one from
 * {@link ConfigLoader} or from {@link #builder()}, whose {@link Builder#build()} applies the same checks as the
 * loader (reporting problems with source {@code <code>}). Maps keep declaration order.
 */
public final class RootConfig {

    private final String source;
    private final String application;
    private final SerializeCheckConfig serializeCheck;
    private final String loggingLevel;
    private final boolean loggingLevelSet;
    private final Map<String, ProtocolConfig> protocols;
    private final Map<String, RegistryConfig> registries;
    private final ProviderConfig provider;
    private final SslConfig ssl;
    private final Map<String, ServiceConfig> services;
    /** The services as given, before provider defaults were applied: what {@link #toBuilder()} copies. */
    private final Map<String, ServiceConfig> givenServices;
    private final Map<String, ReferenceConfig> references;
    private final List<String> warnings;
    private final MetricsConfig metrics;
    private final QosConfig qos;
    private final TracingConfig tracing;
    /** Entries made from Dubbo's singular sections: dubbo.protocols.tri to dubbo.protocol. */
    private Map<String, String> singular = Map.of();
    private final String metadataType;
    private final String metadataReportAddress;

    private RootConfig(String source, String application, SerializeCheckConfig serializeCheck,
                       String loggingLevel, boolean loggingLevelSet,
                       Map<String, ProtocolConfig> protocols, Map<String, RegistryConfig> registries,
                       ProviderConfig provider, SslConfig ssl, Map<String, ServiceConfig> services,
                       Map<String, ServiceConfig> givenServices, Map<String, ReferenceConfig> references,
                       List<String> warnings, MetricsConfig metrics, QosConfig qos, String metadataType,
                       String metadataReportAddress, TracingConfig tracing) {
        this.source = source;
        this.application = application;
        this.serializeCheck = serializeCheck;
        this.loggingLevel = loggingLevel;
        this.loggingLevelSet = loggingLevelSet;
        this.protocols = freeze(protocols);
        this.registries = freeze(registries);
        this.provider = provider;
        this.ssl = ssl;
        this.services = freeze(services);
        this.givenServices = freeze(givenServices);
        this.references = freeze(references);
        this.warnings = List.copyOf(warnings);
        this.metrics = metrics;
        this.qos = qos;
        this.metadataType = metadataType;
        this.metadataReportAddress = metadataReportAddress;
        this.tracing = tracing;
    }

    /** {@code dubbo.tracing}: Dubbo's tracing keys ({@link TracingConfig#DEFAULTS}: off). */
    public TracingConfig tracing() {
        return tracing;
    }

    /**
     * {@code dubbo.application.metadata_type}: {@code local} (default: consumers ask each instance
     * for its metadata) or {@code remote} (consumers read it from the metadata report).
     */
    public String metadataType() {
        return metadataType;
    }

    /** {@code dubbo.metadata_report.address}, empty when not set. */
    public String metadataReportAddress() {
        return metadataReportAddress;
    }

    private static <V> Map<String, V> freeze(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder().application(application).serializeCheck(serializeCheck)
                .loggingLevel(loggingLevelSet ? loggingLevel : null);
        b.protocols.putAll(protocols);
        b.registries.putAll(registries);
        b.provider = provider;
        b.ssl = ssl;
        b.services.putAll(givenServices);
        b.references.putAll(references);
        b.metrics = metrics;
        b.tracing = tracing;
        b.qos = qos;
        b.metadataType = metadataType;
        b.metadataReportAddress = metadataReportAddress;
        return b;
    }

    /** Where this configuration came from: the file as located, or {@code <code>}. */
    public String source() {
        return source;
    }

    /** {@code dubbo.application.name}, empty when not set. */
    public String application() {
        return application;
    }

    /**
     * {@code dubbo.application.serialize_check_status}, {@code serialize_allow} and {@code serialize_deny}: the
     * deserialization guard of interface (POJO) services and references.
     */
    public SerializeCheckConfig serializeCheck() {
        return serializeCheck;
    }

    /** {@code logging.level}, upper-case; default {@code INFO}. */
    public String loggingLevel() {
        return loggingLevel;
    }

    /**
     * Whether {@code logging.level} was set (in the file, an override or the builder): only then
     * does the bootstrap change the level, which the logging backend's own configuration sets
     * otherwise.
     */
    public boolean loggingLevelSet() {
        return loggingLevelSet;
    }

    /** {@code dubbo.protocols}: protocol id to protocol, in file order. */
    public Map<String, ProtocolConfig> protocols() {
        return protocols;
    }

    /** {@code dubbo.registries}: registry id to registry, in file order. */
    public Map<String, RegistryConfig> registries() {
        return registries;
    }

    /** {@code dubbo.ssl}: TLS for the servers and references ({@link SslConfig#NONE} when not set). */
    public SslConfig ssl() {
        return ssl;
    }

    /** {@code dubbo.metrics}: RPC metrics and the Prometheus endpoint ({@link MetricsConfig#DEFAULTS}: off). */
    public MetricsConfig metrics() {
        return metrics;
    }

    /**
     * {@code dubbo.application.qos_*}: the management endpoint ({@link QosConfig#DEFAULTS}: off).
     */
    public QosConfig qos() {
        return qos;
    }

    /** {@code dubbo.provider}'s defaults for all services (token, executes, accesslog, filter). */
    public ProviderConfig provider() {
        return provider;
    }

    /**
     * {@code dubbo.provider.services}: service id to service, in file order; defaults resolved, including the
     * interceptor settings inherited from {@link #provider()}.
     */
    public Map<String, ServiceConfig> services() {
        return services;
    }

    /** {@code dubbo.consumer.references}: reference id to reference, in file order; defaults resolved. */
    public Map<String, ReferenceConfig> references() {
        return references;
    }

    /**
     * {@code path} as the file wrote it: {@code dubbo.protocol.port} for {@code dubbo.protocols.tri.port} when
     * the protocol came from Dubbo's singular {@code dubbo.protocol} (likewise {@code dubbo.registry});
     * otherwise {@code path} itself. For messages that name a key.
     */
    public String keyPath(String path) {
        for (Map.Entry<String, String> e : singular.entrySet()) {
            if (path.equals(e.getKey())) {
                return e.getValue();
            }
            if (path.startsWith(e.getKey() + ".")) {
                return e.getValue() + path.substring(e.getKey().length());
            }
        }
        return path;
    }

    /**
     * Warnings produced while loading (Apache Dubbo keys that triple-java ignores, Spring Boot's per-logger
     * levels), each also logged at WARN level. Empty for configuration built from code.
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RootConfig r)) {
            return false;
        }
        return application.equals(r.application) && serializeCheck.equals(r.serializeCheck)
                && loggingLevel.equals(r.loggingLevel)
                && protocols.equals(r.protocols) && registries.equals(r.registries)
                && provider.equals(r.provider) && ssl.equals(r.ssl) && services.equals(r.services)
                && references.equals(r.references) && metrics.equals(r.metrics) && qos.equals(r.qos)
                && tracing.equals(r.tracing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, serializeCheck, loggingLevel, protocols, registries, provider, ssl, services, references, metrics, qos, tracing);
    }

    @Override
    public String toString() {
        return "RootConfig[source=" + source + ", application=" + application + ", serializeCheck="
                + serializeCheck + ", loggingLevel=" + loggingLevel
                + ", protocols=" + protocols + ", registries=" + registries + ", provider=" + provider + ", services=" + services
                + ", references=" + references + ", metrics=" + metrics + ", qos=" + qos + "]";
    }

    /** Builder for {@link RootConfig}. Adding an entry with an id already present replaces it. */
    public static final class Builder {
        private String application = "";
        private SerializeCheckConfig serializeCheck = SerializeCheckConfig.DEFAULTS;
        private String loggingLevel;
        private final Map<String, ProtocolConfig> protocols = new LinkedHashMap<>();
        private final Map<String, RegistryConfig> registries = new LinkedHashMap<>();
        private ProviderConfig provider = ProviderConfig.DEFAULTS;
        private SslConfig ssl = SslConfig.NONE;
        private final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        private final Map<String, ReferenceConfig> references = new LinkedHashMap<>();
        private MetricsConfig metrics = MetricsConfig.DEFAULTS;
        private TracingConfig tracing = TracingConfig.DEFAULTS;
        private QosConfig qos = QosConfig.DEFAULTS;
        private String metadataType = "local";
        private String metadataReportAddress = "";

        private Builder() {
        }

        /** {@code dubbo.metrics}: RPC metrics and the Prometheus endpoint. */
        public Builder metrics(MetricsConfig metrics) {
            this.metrics = metrics == null ? MetricsConfig.DEFAULTS : metrics;
            return this;
        }

        /** {@code dubbo.tracing}: Dubbo's tracing keys (default off). */
        public Builder tracing(TracingConfig tracing) {
            this.tracing = tracing == null ? TracingConfig.DEFAULTS : tracing;
            return this;
        }

        /** {@code dubbo.application.qos_*}: the management endpoint (default off). */
        public Builder qos(QosConfig qos) {
            this.qos = qos == null ? QosConfig.DEFAULTS : qos;
            return this;
        }

        /** {@code dubbo.application.metadata_type}: {@code local} (default) or {@code remote}. */
        public Builder metadataType(String metadataType) {
            this.metadataType = metadataType;
            return this;
        }

        /** {@code dubbo.metadata_report.address}: where application metadata is also stored. */
        public Builder metadataReportAddress(String address) {
            this.metadataReportAddress = address;
            return this;
        }

        /** {@code dubbo.ssl}: TLS for servers and references. */
        public Builder ssl(SslConfig ssl) {
            this.ssl = ssl == null ? SslConfig.NONE : ssl;
            return this;
        }

        /** The defaults under {@code dubbo.provider} that services inherit. */
        public Builder provider(ProviderConfig provider) {
            this.provider = provider;
            return this;
        }

        public Builder application(String name) {
            this.application = name;
            return this;
        }

        /** {@code dubbo.application}'s deserialization guard (default: STRICT, nothing added or denied). */
        public Builder serializeCheck(SerializeCheckConfig serializeCheck) {
            this.serializeCheck = serializeCheck == null ? SerializeCheckConfig.DEFAULTS : serializeCheck;
            return this;
        }

        public Builder loggingLevel(String level) {
            this.loggingLevel = level;
            return this;
        }

        public Builder protocol(String id, ProtocolConfig protocol) {
            protocols.put(id, protocol);
            return this;
        }

        public Builder registry(String id, RegistryConfig registry) {
            registries.put(id, registry);
            return this;
        }

        public Builder service(String id, ServiceConfig service) {
            services.put(id, service);
            return this;
        }

        public Builder reference(String id, ReferenceConfig reference) {
            references.put(id, reference);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming {@code <code>}, the key path and the bad value
         */
        public RootConfig build() {
            return build(ConfigException.CODE_SOURCE, Map.of(), List.of());
        }

        /** As below, remembering which entries came from Dubbo's singular sections ({@link #keyPath}). */
        RootConfig build(String source, Map<String, String> origins, List<String> warnings,
                         Map<String, String> singular) {
            RootConfig c = build(source, origins, warnings);
            c.singular = Map.copyOf(singular);
            return c;
        }

        /** Validation and defaults resolution shared with the loader. */
        RootConfig build(String source, Map<String, String> origins, List<String> warnings) {
            Validator v = new Validator(source, origins);
            Map<String, ProtocolConfig> ps = new LinkedHashMap<>();
            protocols.forEach((id, p) -> ps.put(id, v.protocol(id, p)));
            Map<String, RegistryConfig> rs = new LinkedHashMap<>();
            registries.forEach((id, r) -> rs.put(id, v.registry(id, r)));
            ProviderConfig pv = v.provider(provider);
            Map<String, ServiceConfig> ss = new LinkedHashMap<>();
            services.forEach((id, s) -> ss.put(id, v.service(id, s, ps.keySet(), rs.keySet(), pv)));
            Map<String, ReferenceConfig> refs = new LinkedHashMap<>();
            references.forEach((id, r) -> refs.put(id, v.reference(id, r, rs.keySet())));
            return new RootConfig(source, v.application(application), v.serializeCheck(serializeCheck),
                    v.loggingLevel(loggingLevel),
                    loggingLevel != null && !loggingLevel.isBlank(), ps, rs, pv, v.ssl(ssl),
                    ss, services, refs, warnings, v.metrics(metrics), v.qos(qos), v.metadataType(metadataType),
                    metadataReportAddress == null ? "" : metadataReportAddress.trim(), v.tracing(tracing));
        }
    }
}
