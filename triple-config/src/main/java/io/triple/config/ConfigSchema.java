package io.triple.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one description of every key understood in {@code dubbo.yaml}: its place in the tree, type, default and
 * meaning. The parser uses it to recognise keys (and their kebab-case/camelCase spellings), to report unknown
 * keys (Apache Dubbo's keys it does not use are in {@link DubboKeys}), to convert values and to decide which keys
 * can be overridden; a test checks that {@code docs/config.md} documents exactly these keys.
 */
final class ConfigSchema {

    private ConfigSchema() {
    }

    /** Value types of leaf keys. */
    enum Type {
        STRING("string"),
        INT("integer"),
        PORT("integer port 1-65535"),
        DURATION("duration"),
        LIST("list of strings"),
        BOOLEAN("boolean"),
        NUMBER("number"),
        MAP("map of names to values");

        final String label;

        Type(String label) {
            this.label = label;
        }
    }

    sealed interface Node permits Section, Entries, Leaf {
    }

    /** A map with a fixed set of known keys. */
    record Section(Map<String, Node> children) implements Node {
        Section {
            children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
        }

        /** Finds the child whose canonical name or alias matches the (already canonicalised) key. */
        String match(String canonicalKey) {
            for (Map.Entry<String, Node> e : children.entrySet()) {
                if (e.getKey().equals(canonicalKey)) {
                    return e.getKey();
                }
                if (e.getValue() instanceof Leaf leaf && leaf.aliases().contains(canonicalKey)) {
                    return e.getKey();
                }
            }
            return null;
        }
    }

    /** A map from user-chosen ids to entries that all have the same shape. */
    record Entries(String what, Section entry) implements Node {
    }

    /** A single value. */
    record Leaf(Type type, boolean required, String defaultValue, String description, List<String> aliases)
            implements Node {
        Leaf {
            aliases = List.copyOf(aliases);
        }
    }

    /** One documented key: its path pattern ({@code <id>} stands for a user-chosen id) and its definition. */
    record Key(String path, Leaf leaf) {
    }

    static final String ID = "<id>";

    static final Section ROOT = section(
            "logging", section(
                    "level", opt(Type.STRING, "INFO",
                            "Log level for triple-java: TRACE, DEBUG, INFO, WARN or ERROR (case-insensitive).")),
            "dubbo", section(
                    "application", section(
                            "name", opt(Type.STRING, "(empty)", "Application name, reported to registries."),
                            "serialize_check_status", opt(Type.STRING, "STRICT",
                                    "Deserialization guard of interface (POJO) services and references: STRICT "
                                            + "loads only allowed classes, WARN also others (logged once each), "
                                            + "DISABLE others silently. Dubbo's key."),
                            "serialize_allow", opt(Type.LIST, "(none)",
                                    "Classes (com.example.Money) or packages and below (com.example.model.) "
                                            + "that calls may carry besides the interfaces' signature types and "
                                            + "the safe JDK set."),
                            "serialize_deny", opt(Type.LIST, "(none)",
                                    "Classes or packages (ending in '.') refused in every mode, on top of the "
                                            + "built-in list of known gadget classes."),
                            "metadata_type", opt(Type.STRING, "local",
                                    "Where consumers read this application's metadata (application-level "
                                            + "discovery): local (they ask each instance, Dubbo's default) or "
                                            + "remote (from the metadata report). Dubbo's key."),
                            "qos_enable", opt(Type.BOOLEAN, "false",
                                    "Start the management endpoint (live, ready, startup, ls, offline, "
                                            + "online over HTTP). Dubbo's key; Dubbo's default is true."),
                            "qos_host", opt(Type.STRING, "(every interface)",
                                    "Address the management endpoint binds to. Dubbo's key."),
                            "qos_port", opt(Type.PORT, "22222", "Port of the management endpoint. Dubbo's key."),
                            "qos_accept_foreign_ip", opt(Type.BOOLEAN, "false",
                                    "Let other hosts run every command; when false they get live, ready and "
                                            + "startup only. Dubbo's key."),
                            "qos_accept_foreign_ip_whitelist", opt(Type.LIST, "(none)",
                                    "Other hosts (addresses or CIDR blocks) that may run every command. "
                                            + "Dubbo's key."),
                            "qos_check", opt(Type.BOOLEAN, "false",
                                    "Fail start-up when the management port cannot be bound (otherwise "
                                            + "logged). Dubbo's key.")),
                    "metadata_report", section(
                            "address", opt(Type.STRING, "(none)",
                                    "Metadata report (zookeeper://host:port) where providers also store "
                                            + "their application metadata, /dubbo/metadata/{app}/{revision}; "
                                            + "without it, metadata_type remote uses the registries. Dubbo's "
                                            + "dubbo.metadata-report.address.")),
                    "protocols", new Entries("protocol", section(
                            "ip", opt(Type.STRING, "0.0.0.0", "Address the server binds to."),
                            "port", req(Type.PORT, "Port the server listens on. Quoted ('8888') or plain (8888)."),
                            "name", opt(Type.STRING, "tri",
                                    "Wire protocol: tri (or triple) for Triple; grpc is accepted too "
                                            + "(Triple is gRPC-compatible)."),
                            "host", opt(Type.STRING, "(none)",
                                    "Address to advertise to registries, when it differs from ip "
                                            + "(e.g. behind NAT or when ip is 0.0.0.0)."),
                            "triple", section(
                                    "max_body_size", opt(Type.INT, "8388608",
                                            "Largest request message in bytes (gRPC message or plain-HTTP "
                                                    + "body); larger ones fail with RESOURCE_EXHAUSTED "
                                                    + "(plain HTTP: 413). Dubbo's key and default (8 MiB)."),
                                    "max_header_list_size", opt(Type.INT, "8192",
                                            "Largest request header block in bytes (HTTP/2 header list, "
                                                    + "HTTP/1.1 headers)."),
                                    "max_concurrent_streams", opt(Type.INT, "1000",
                                            "Calls in flight per connection (HTTP/2 "
                                                    + "SETTINGS_MAX_CONCURRENT_STREAMS)."),
                                    "initial_window_size", opt(Type.INT, "1048576",
                                            "HTTP/2 flow-control window of each stream, in bytes."),
                                    "auto_tune_window", opt(Type.BOOLEAN, "true",
                                            "Grow the receive windows, up to 8 MiB, to the bandwidth-"
                                                    + "delay product measured with PINGs; false keeps "
                                                    + "initial_window_size."),
                                    "rest", section(
                                            "cors", section(
                                                    "allowed_origins", opt(Type.LIST, "(none)",
                                                            "Browser page origins (https://app.example.com, "
                                                                    + "or * for any) allowed to make plain-HTTP "
                                                                    + "calls: CORS preflights answered, answers "
                                                                    + "carry the CORS headers. Dubbo's key.")))))),
                    "ssl", section(
                            "server_key_cert_chain_path", opt(Type.STRING, "(none: cleartext)",
                                    "PEM certificate chain (the server's certificate first) every server "
                                            + "presents; with server_private_key_path, servers speak TLS "
                                            + "(HTTP/2 through ALPN)."),
                            "server_private_key_path", opt(Type.STRING, "(none)",
                                    "PEM private key (PKCS#8, unencrypted) of that certificate."),
                            "server_trust_cert_collection_path", opt(Type.STRING, "(none)",
                                    "PEM certificates that client certificates must chain to; when set, "
                                            + "servers require a client certificate (mutual TLS)."),
                            "client_trust_cert_collection_path", opt(Type.STRING, "(none: cleartext)",
                                    "PEM certificates (a CA, or the server's own) that references trust; "
                                            + "when set, references connect with TLS."),
                            "client_key_cert_chain_path", opt(Type.STRING, "(none)",
                                    "PEM certificate chain references present to servers that ask for one "
                                            + "(with client_private_key_path)."),
                            "client_private_key_path", opt(Type.STRING, "(none)",
                                    "PEM private key (PKCS#8, unencrypted) of the client certificate.")),
                    "registries", new Entries("registry", section(
                            "protocol", opt(Type.STRING, "(from address)",
                                    "Registry type: zookeeper, or one a registry plug-in on the class path "
                                            + "serves. May be omitted when address starts with a scheme "
                                            + "(zookeeper://...)."),
                            "address", req(Type.STRING,
                                    "host:port, or several separated by commas, optionally prefixed with the "
                                            + "protocol as a scheme: zookeeper://127.0.0.1:2181."),
                            "timeout", opt(Type.DURATION, "3s", "Registry session/connect timeout."),
                            "register_mode", opt(Type.STRING, "all",
                                    "What providers register here, as Dubbo's register-mode: interface "
                                            + "(/dubbo/{interface}/providers URLs), instance (application-level: "
                                            + "/services/{app} and the service-name mapping) or all (both, "
                                            + "Dubbo 3's default)."),
                            "register", opt(Type.BOOLEAN, "true",
                                    "Whether providers register here; false makes the registry "
                                            + "subscribe-only (references still find providers in it), as "
                                            + "Dubbo developers set it so that services running on their "
                                            + "machine are not called by others."))),
                    "provider", section(
                            "token", opt(Type.STRING, "(none)",
                                    "Token every service requires unless it sets its own: calls without it "
                                            + "fail with UNAUTHENTICATED. An explicit string; true (Dubbo's "
                                            + "random token) is not supported."),
                            "executes", opt(Type.INT, "0",
                                    "Maximum concurrent calls per service (each service has its own limit) "
                                            + "unless the service sets its own; 0 means unlimited."),
                            "accesslog", opt(Type.BOOLEAN, "false",
                                    "Log every call of every service on the logger triple.access, unless the "
                                            + "service sets accesslog itself."),
                            "filter", opt(Type.LIST, "(none)",
                                    "Interceptor (filter) names applied to every service, before the "
                                            + "service's own filter names."),
                            "serialization", opt(Type.LIST, "(all installed)",
                                    "Serializations interface (POJO) services accept from callers, e.g. "
                                            + "[hessian2, fastjson2]; each must be installed."),
                            "timeout", opt(Type.DURATION, "(none)",
                                    "Call timeout every service that sets none publishes in its registry "
                                            + "URL (Dubbo's timeout parameter): consumers that set no timeout "
                                            + "of their own use it, as Dubbo's do. Not enforced by this "
                                            + "server: each call carries its own deadline."),
                            "retries", opt(Type.INT, "(none)",
                                    "Retries every service that sets none publishes in its registry URL "
                                            + "(Dubbo's retries parameter): Dubbo's consumers that set none "
                                            + "retry a failed call that many times; 0 for services that must "
                                            + "not be called twice."),
                            "register", opt(Type.BOOLEAN, "true",
                                    "Whether services that set none are registered; false exports them "
                                            + "without registering them anywhere."),
                            "services", new Entries("service", section(
                                    "interface", req(Type.STRING,
                                            "Fully-qualified service interface name, e.g. "
                                                    + "org.apache.dubbo.sample.tri.Greeter.",
                                            "interface_name"),
                                    "ref", opt(Type.STRING, "(none)",
                                            "Implementation class, created with its public no-arg constructor, "
                                                    + "when code registered no implementation of the interface "
                                                    + "(a plain Java interface or a generated .proto service)."),
                                    "version", opt(Type.STRING, "(empty)", "Service version."),
                                    "group", opt(Type.STRING, "(empty)", "Service group."),
                                    "protocol", opt(Type.STRING, "(the only protocol)",
                                            "Id of an entry under dubbo.protocols to export on. Required when "
                                                    + "more than one protocol is declared."),
                                    "registry_ids", opt(Type.LIST, "(all registries)",
                                            "Ids of entries under dubbo.registries to register with: a YAML "
                                                    + "list or a comma-separated string."),
                                    "weight", opt(Type.INT, "100", "Load-balancing weight, 0 or more."),
                                    "tag", opt(Type.STRING, "(empty)", "Routing tag, e.g. gray."),
                                    "token", opt(Type.STRING, "(dubbo.provider.token)",
                                            "Token callers must send (header token, or authorization: Bearer); "
                                                    + "others get UNAUTHENTICATED. false turns off an inherited "
                                                    + "token; true (random token) is not supported."),
                                    "executes", opt(Type.INT, "(dubbo.provider.executes)",
                                            "Maximum concurrent calls of this service, 0 or more; 0 means "
                                                    + "unlimited. Calls over it fail with RESOURCE_EXHAUSTED."),
                                    "accesslog", opt(Type.BOOLEAN, "(dubbo.provider.accesslog)",
                                            "Log every call on the logger triple.access."),
                                    "filter", opt(Type.LIST, "(none)",
                                            "Interceptor (filter) names, run in this order after "
                                                    + "dubbo.provider.filter: accesslog, token, executes or a "
                                                    + "name registered through ServerInterceptorFactory."),
                                    "timeout", opt(Type.DURATION, "(dubbo.provider.timeout)",
                                            "Call timeout published in this service's registry URL for "
                                                    + "consumers that set none."),
                                    "retries", opt(Type.INT, "(dubbo.provider.retries)",
                                            "Retries published in this service's registry URL for "
                                                    + "consumers that set none."),
                                    "register", opt(Type.BOOLEAN, "(dubbo.provider.register)",
                                            "Whether this service is registered; false exports it without "
                                                    + "registering it anywhere.")))),
                    "consumer", section(
                            "timeout", opt(Type.DURATION, "3s",
                                    "Per-call timeout of every reference that sets none. Where neither sets "
                                            + "one, the timeout the providers publish in their registry URLs "
                                            + "comes first, as for Dubbo's consumers."),
                            "retries", opt(Type.INT, "2",
                                    "Extra attempts after a failed call (failover cluster) of every reference "
                                            + "that sets none, 0 or more."),
                            "loadbalance", opt(Type.STRING, "random",
                                    "Load balancer of every reference that sets none: random, roundrobin, "
                                            + "leastactive, p2c or adaptive.", "load_balance"),
                            "cluster", opt(Type.STRING, "failover",
                                    "Cluster mode of every reference that sets none: failover, failfast, "
                                            + "failsafe or forking."),
                            "token", opt(Type.STRING, "(none)",
                                    "Token every reference sends unless it sets its own (false there turns "
                                            + "it off)."),
                            "filter", opt(Type.LIST, "(none)",
                                    "Client interceptor (filter) names applied to every reference, before "
                                            + "the reference's own filter names."),
                            "check", opt(Type.BOOLEAN, "true",
                                    "Whether a reference's channel fails to be created while its registries "
                                            + "list no provider, for every reference that sets none."),
                            "serialization", opt(Type.LIST, "hessian2, fastjson2",
                                    "Serializations interface (POJO) references send arguments in, in order of "
                                            + "preference: the first installed one is used, for every reference "
                                            + "that sets none."),
                            "max_body_size", opt(Type.INT, "8388608",
                                    "Largest response message in bytes of every reference that sets none; "
                                            + "larger ones fail with RESOURCE_EXHAUSTED. As the protocol's "
                                            + "triple.max_body_size, Dubbo's default (8 MiB)."),
                            "migration", opt(Type.STRING, "APPLICATION_FIRST",
                                    "How every reference that sets none finds providers in registries, as "
                                            + "Dubbo's migration step (dubbo.application.service-discovery."
                                            + "migration): FORCE_INTERFACE, APPLICATION_FIRST (application-level "
                                            + "providers when there are any, else interface-level) or "
                                            + "FORCE_APPLICATION."),
                            "actives", opt(Type.INT, "0",
                                    "Most calls in flight per provider and method of every reference that "
                                            + "sets none (Dubbo's actives, its ActiveLimitFilter); a call over "
                                            + "it waits for one to end, until its timeout. 0 for no limit."),
                            "tag", opt(Type.STRING, "(none)",
                                    "Tag the calls of every reference that sets none route by (Dubbo's tag "
                                            + "routing): to the providers with that tag, else the untagged "
                                            + "ones. Without a tag, calls go to untagged providers only."),
                            "references", new Entries("reference", section(
                                    "interface", req(Type.STRING,
                                            "Fully-qualified service interface name to call.", "interface_name"),
                                    "url", opt(Type.STRING, "(none)",
                                            "Direct address of the provider, e.g. tri://localhost:8888; "
                                                    + "bypasses registries. It may carry version, group and "
                                                    + "weight (tri://localhost:8888?version=1.0.0), the version "
                                                    + "and group used where the reference sets none; other "
                                                    + "parameters are errors."),
                                    "registry_ids", opt(Type.LIST, "(all registries, or none if url is set)",
                                            "Ids of entries under dubbo.registries to discover providers in."),
                                    "version", opt(Type.STRING, "(empty)", "Service version to call."),
                                    "group", opt(Type.STRING, "(empty)", "Service group to call."),
                                    "timeout", opt(Type.DURATION, "(dubbo.consumer.timeout)", "Per-call timeout."),
                                    "retries", opt(Type.INT, "(dubbo.consumer.retries)",
                                            "Extra attempts after a failed call (failover cluster), 0 or more."),
                                    "loadbalance", opt(Type.STRING, "(dubbo.consumer.loadbalance)",
                                            "random, roundrobin, leastactive, p2c or adaptive.", "load_balance"),
                                    "cluster", opt(Type.STRING, "(dubbo.consumer.cluster)",
                                            "failover, failfast, failsafe or forking."),
                                    "token", opt(Type.STRING, "(dubbo.consumer.token)",
                                            "Token sent with every call (authorization: Bearer), for providers "
                                                    + "that set token; false turns off an inherited token."),
                                    "filter", opt(Type.LIST, "(none)",
                                            "Client interceptor (filter) names, run in this order after "
                                                    + "dubbo.consumer.filter, the first seeing each call first: "
                                                    + "token or a name registered through "
                                                    + "ClientInterceptorFactory."),
                                    "check", opt(Type.BOOLEAN, "(dubbo.consumer.check)",
                                            "true: creating the channel fails when no registry lists a "
                                                    + "provider (after up to 3 s for a first list); false: "
                                                    + "it is created, and calls fail with UNAVAILABLE until "
                                                    + "a provider registers. Not checked with url."),
                                    "serialization", opt(Type.LIST, "(dubbo.consumer.serialization)",
                                            "Serializations Dubbo.reference sends arguments in, in order of "
                                                    + "preference: the first installed one is used."),
                                    "max_body_size", opt(Type.INT, "(dubbo.consumer.max_body_size)",
                                            "Largest response message in bytes; larger ones fail with "
                                                    + "RESOURCE_EXHAUSTED."),
                                    "migration", opt(Type.STRING, "(dubbo.consumer.migration)",
                                            "FORCE_INTERFACE, APPLICATION_FIRST or FORCE_APPLICATION."),
                                    "actives", opt(Type.INT, "(dubbo.consumer.actives)",
                                            "Most calls in flight per provider and method; a call over it "
                                                    + "waits for one to end, until its timeout, then fails with "
                                                    + "RESOURCE_EXHAUSTED unsent. 0 for no limit."),
                                    "tag", opt(Type.STRING, "(dubbo.consumer.tag)",
                                            "Tag this reference's calls route by (Dubbo's tag routing) unless "
                                                    + "a call sends its own dubbo.tag header.")))),
                    "metrics", section(
                            "enabled", opt(Type.BOOLEAN, "false",
                                    "Meter every exported service and every reference (rpc.server.* and "
                                            + "rpc.client.*, docs/observability.md); needs triple-micrometer "
                                            + "on the class path."),
                            "protocol", opt(Type.STRING, "prometheus",
                                    "Metrics system of the scrape endpoint; only prometheus. Dubbo's key."),
                            "use_global_registry", opt(Type.BOOLEAN, "false",
                                    "Also record into Micrometer's global registry (Metrics.globalRegistry), "
                                            + "where an application adds registries of its own. Dubbo's key."),
                            "enable_jvm", opt(Type.BOOLEAN, "false",
                                    "Also meter the JVM: memory, garbage collection, threads, classes, CPU and "
                                            + "uptime (Micrometer's JVM binders: jvm_*, process_*, system_*). Dubbo's "
                                            + "key (enable-jvm)."),
                            "enable_registry", opt(Type.BOOLEAN, "false",
                                    "Also meter the registry state: providers each reference knows and can use "
                                            + "(triple.client.providers), where each exported service is "
                                            + "registered (triple.server.registered). Dubbo's key "
                                            + "(enable-registry), off by default there too."),
                            "enable_threadpool", opt(Type.BOOLEAN, "true",
                                    "Also meter the handler executor (executor.* with name=triple-handlers: pool "
                                            + "size, active threads, queue, completed tasks) when it is a "
                                            + "ThreadPoolExecutor or ForkJoinPool given to Dubbo.executor; the default "
                                            + "executor cannot be metered (logged once). Dubbo's key "
                                            + "(enable-threadpool), on by default there too."),
                            "histogram", section(
                                    "enabled", opt(Type.BOOLEAN, "true",
                                            "Publish call durations as a histogram (Prometheus buckets, for "
                                                    + "histogram_quantile). Dubbo's key."),
                                    "buckets_ms", opt(Type.LIST, "(none)",
                                            "Extra duration buckets, in ms (service-level objectives: "
                                                    + "[10, 50, 100]); with enabled false, the only ones. "
                                                    + "Dubbo's key."),
                                    "min_expected_ms", opt(Type.INT, "1",
                                            "Lowest bucket of the histogram, in ms. Dubbo's key."),
                                    "max_expected_ms", opt(Type.INT, "30000",
                                            "Highest bucket of the histogram, in ms. Dubbo's key."),
                                    "enabled_percentiles", opt(Type.BOOLEAN, "true",
                                            "Dubbo's switch for the percentile histogram's buckets; false turns "
                                                    + "them off as enabled false does. Dubbo's key (false "
                                                    + "by default there)."),
                                    "percentiles", opt(Type.LIST, "(none)",
                                            "Quantiles computed in the process ([0.5, 0.99]: "
                                                    + "rpc_server_duration_seconds{quantile=...}); not "
                                                    + "aggregatable across instances. Dubbo's key."),
                                    "distribution_statistic_expiry_min", opt(Type.INT, "2",
                                            "Minutes the computed percentiles and the maximum look back. "
                                                    + "Dubbo's key.")),
                            "prometheus", section(
                                    "pushgateway", section(
                                            "enabled", opt(Type.BOOLEAN, "false",
                                                    "Push the Prometheus text (what the exporter serves) to a "
                                                            + "Pushgateway every push_interval seconds (and meter "
                                                            + "calls, as enabled does). Dubbo's key."),
                                            "base_url", opt(Type.STRING, "(none)",
                                                    "The Pushgateway: host:port (Dubbo's form, plain HTTP) or an "
                                                            + "http:// or https:// URL; required with enabled. "
                                                            + "Dubbo's key."),
                                            "username", opt(Type.STRING, "(none)",
                                                    "Basic authentication user (none: no authentication). "
                                                            + "Dubbo's key."),
                                            "password", opt(Type.STRING, "(none)",
                                                    "Basic authentication password, with username. Dubbo's key."),
                                            "push_interval", opt(Type.INT, "30",
                                                    "Seconds between pushes (the first after one interval). "
                                                            + "Dubbo's key."),
                                            "job", opt(Type.STRING, "default_dubbo_job",
                                                    "The job label of the pushed group "
                                                            + "(/metrics/job/<job>). Dubbo's key.")),
                                    "exporter", section(
                                            "enabled", opt(Type.BOOLEAN, "false",
                                                    "Serve the Prometheus scrape endpoint (and meter calls, as "
                                                            + "enabled does). Dubbo's key."),
                                            "metrics_host", opt(Type.STRING, "127.0.0.1",
                                                    "Address the endpoint listens on: loopback by default; "
                                                            + "0.0.0.0 lets other hosts scrape it."),
                                            "metrics_port", opt(Type.PORT, "22222",
                                                    "Port of the endpoint (Dubbo 3.3 serves /metrics on its "
                                                            + "QoS port, 22222 by default). Dubbo 3.0's key."),
                                            "metrics_path", opt(Type.STRING, "/metrics",
                                                    "Path of the endpoint. Dubbo 3.0's key.")))),
                    "tracing", section(
                            "enabled", opt(Type.BOOLEAN, "false",
                                    "Trace every exported service and every reference (the tracing "
                                            + "interceptors, docs/observability.md); needs triple-opentelemetry and "
                                            + "an OpenTelemetry SDK or the Java agent. Dubbo's key."),
                            "sampling", section(
                                    "probability", opt(Type.NUMBER, "0.1",
                                            "Share of new traces recorded, 0.0 to 1.0 (a caller's decision is "
                                                    + "followed). Dubbo's key.")),
                            "propagation", section(
                                    "type", opt(Type.STRING, "W3C",
                                            "Trace context headers: W3C (traceparent, tracestate) or B3 (needs "
                                                    + "opentelemetry-extension-trace-propagators). Dubbo's key.")),
                            "baggage", section(
                                    "enabled", opt(Type.BOOLEAN, "true",
                                            "Propagate W3C baggage too. Dubbo's key.")),
                            "tracing_exporter", section(
                                    "otlp_config", section(
                                            "endpoint", opt(Type.STRING, "(none)",
                                                    "OTLP/gRPC endpoint spans are exported to "
                                                            + "(http://collector:4317); needs "
                                                            + "opentelemetry-exporter-otlp. Dubbo's key."),
                                            "timeout", opt(Type.DURATION, "10s",
                                                    "Timeout of one export. Dubbo's key."),
                                            "compression_method", opt(Type.STRING, "none",
                                                    "none or gzip. Dubbo's key."),
                                            "headers", opt(Type.MAP, "(none)",
                                                    "Headers sent with each export (Authorization: ...). "
                                                            + "Dubbo's key.")),
                                    "zipkin_config", section(
                                            "endpoint", opt(Type.STRING, "(none)",
                                                    "Not supported (no Zipkin exporter here): setting it is an "
                                                            + "error; use otlp_config. Dubbo's key."),
                                            "connect_timeout", opt(Type.DURATION, "1s",
                                                    "Accepted, unused. Dubbo's key."),
                                            "read_timeout", opt(Type.DURATION, "10s",
                                                    "Accepted, unused. Dubbo's key."))))));

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Section section(Object... namesAndNodes) {
        Map<String, Node> children = new LinkedHashMap<>();
        for (int i = 0; i < namesAndNodes.length; i += 2) {
            children.put((String) namesAndNodes[i], (Node) namesAndNodes[i + 1]);
        }
        return new Section(children);
    }

    private static Leaf opt(Type type, String defaultValue, String description, String... extraAliases) {
        return new Leaf(type, false, defaultValue, description, List.of(extraAliases));
    }

    private static Leaf req(Type type, String description, String... extraAliases) {
        return new Leaf(type, true, null, description, List.of(extraAliases));
    }

    /** Every leaf key, as a path pattern such as {@code dubbo.protocols.<id>.port}, in schema order. */
    static List<Key> allKeys() {
        List<Key> out = new ArrayList<>();
        collect(ROOT, "", out);
        return out;
    }

    private static void collect(Node node, String prefix, List<Key> out) {
        if (node instanceof Leaf leaf) {
            out.add(new Key(prefix, leaf));
        } else if (node instanceof Section s) {
            s.children().forEach((name, child) -> collect(child, join(prefix, name), out));
        } else if (node instanceof Entries e) {
            collect(e.entry(), join(prefix, ID), out);
        }
    }

    static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /**
     * Canonical (snake_case) form of a key as written by the user: {@code registryIds}, {@code registry-ids}
     * and {@code registry_ids} all become {@code registry_ids}.
     */
    static String canonical(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    char prev = key.charAt(i - 1);
                    if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
                        sb.append('_');
                    }
                }
                sb.append(Character.toLowerCase(c));
            } else if (c == '-') {
                sb.append('_');
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** The environment variable name for a dotted key path. */
    static String envName(String path) {
        return path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
