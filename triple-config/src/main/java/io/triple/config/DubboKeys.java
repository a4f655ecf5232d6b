package io.triple.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apache Dubbo's own configuration keys that triple-java accepts without using them: an existing Dubbo
 * application's {@code application.yml} or {@code dubbo.properties} carries them, and they are valid Dubbo keys,
 * so they are logged as ignored rather than refused. Any other key under {@code dubbo} that the
 * {@link ConfigSchema} does not know is an error. docs/config.md lists the same keys ("Dubbo keys that are
 * accepted and ignored"); keys are canonical (snake_case), paths use {@code <id>} for user-chosen ids.
 *
 * <p>Taken from Dubbo 3.3's config classes ({@code ApplicationConfig}, {@code ProtocolConfig},
 * {@code RegistryConfig}, {@code ProviderConfig}, {@code ConsumerConfig} and their {@code Abstract*} parents,
 * {@code SslConfig}, {@code TripleConfig}, {@code RestConfig}, {@code CorsConfig}): their setters, in
 * kebab-case as Dubbo writes them.
 */
final class DubboKeys {

    private DubboKeys() {
    }

    /** Top-level sections under {@code dubbo} that triple-java does not use: everything below is ignored. */
    static final Set<String> IGNORED_SECTIONS = Set.of(
            "metadata_reports", "config_center", "config_centers",
            "monitor", "monitors", "module", "modules", "scan", "config", "applications", "providers", "consumers",
            "labels", "env", "rpc", "service", "reference");

    /** Keys shared by Dubbo's service and reference configs (AbstractInterfaceConfig, AbstractMethodConfig). */
    private static final List<String> INTERFACE = List.of(
            "async", "cache", "forks", "merger", "mock", "parameters", "sent", "validation",
            "application", "auth", "callbacks", "config_center", "connections", "layer", "listener",
            "local", "metadata_report_config", "methods", "module", "monitor", "onconnect", "ondisconnect",
            "owner", "proxy", "registries", "registry", "registry_ids", "scope", "singleton", "stub", "version",
            "group", "id", "default", "need_refresh", "timeout", "retries", "loadbalance", "cluster");

    private static final List<String> PROVIDER = List.of(
            "delay", "deprecated", "document", "dynamic", "executor", "export", "export_async", "payload",
            "prefer_serialization", "protocol", "protocol_ids", "protocols", "use_java_package_as_path",
            "warmup", "weight", "accepts", "alive", "buffer", "charset", "client", "codec", "contextpath",
            "dispatcher", "dispather", "exchanger", "export_background", "export_thread_num", "host", "iothreads",
            "networker", "path", "port", "prompt", "queues", "server", "status", "telnet", "threadname",
            "threadpool", "threads", "transporter", "wait");

    private static final List<String> CONSUMER = List.of(
            "client", "generic", "init", "injvm", "lazy", "protocol", "provided_by", "provider_namespace",
            "provider_port", "reconnect", "refer_async", "router", "sticky", "corethreads", "mesh_enable", "queues",
            "refer_background", "refer_thread_num", "shareconnections", "threadpool", "threads",
            "url_merge_processor");

    /** Ignored keys by the (canonical) path of the map that holds them. */
    static final Map<String, Set<String>> IGNORED_KEYS = withMetrics(Map.of(
            "dubbo.application", Set.of(
                    "version", "owner", "organization", "architecture", "environment", "compiler", "logger",
                    "monitor", "dump_directory", "dump_enable",
                    "qos_anonymous_access_permission_level", "qos_anonymous_allow_commands",
                    "shutwait", "hostname", "register_consumer", "repository", "enable_file_cache",
                    "protocol", "register_mode", "enable_empty_protection", "parameters",
                    "metadata_service_port", "metadata_service_protocol", "liveness_probe", "readiness_probe",
                    "startup_probe", "auto_trust_serialize_class", "trust_serialize_class_level",
                    "check_serializable", "executor_management_mode", "mapping_retry_interval",
                    "only_use_metadata_v2", "registries", "registry", "registry_ids", "id", "default"),
            "dubbo.protocols.<id>", Set.of(
                    "accepts", "accesslog", "alive", "buffer", "charset", "client", "codec", "contextpath",
                    "corethreads", "dispatcher", "dispather", "exchanger", "ext_protocol", "extension",
                    "heartbeat", "iothreads", "json_check_level", "keep_alive", "networker",
                    "no_interface_support", "optimizer", "parameters", "path", "payload", "prefer_serialization",
                    "preferred_protocol", "prompt", "queues", "register", "serialization", "server", "ssl_enabled",
                    "status", "telnet", "thread_pool_exhausted_listeners", "threadpool", "threads", "transporter",
                    "id", "default"),
            "dubbo.protocols.<id>.triple", Set.of(
                    "connection_initial_window_size", "enable_push", "header_table_size", "http3",
                    "initial_buffer_size", "max_chunk_size", "max_frame_size", "max_header_size",
                    "max_initial_line_length", "max_response_body_size", "servlet", "verbose", "websocket"),
            "dubbo.protocols.<id>.triple.rest", Set.of(
                    "case_sensitive_match", "disallowed_content_types", "enable_default_mapping", "enabled",
                    "format_parameter_name", "json_framework", "openapi", "openapis", "suffix_pattern_match",
                    "trailing_slash_match"),
            "dubbo.protocols.<id>.triple.rest.cors", Set.of(
                    "allow_credentials", "allowed_headers", "allowed_methods", "exposed_headers", "max_age"),
            "dubbo.registries.<id>", Set.of(
                    "accepts", "check", "client", "cluster", "dynamic", "enable_empty_protection", "extra_keys",
                    "file", "group", "parameters", "password", "port", "preferred",
                    "secure", "server", "session", "simplified", "subscribe", "transport", "transporter",
                    "use_as_config_center", "use_as_metadata_center", "username", "version", "wait", "weight",
                    "zone", "id", "default"),
            "dubbo.metadata_report", Set.of(
                    "protocol", "port", "username", "password", "timeout", "group", "parameters", "retry_times",
                    "retry_period", "cycle_report", "sync_report", "cluster", "registry", "file", "check",
                    "report_metadata", "report_definition", "report_consumer_definition", "namespace", "id",
                    "default"),
            // A provider's actives is a default Dubbo hands its consumers through the registry, and its tag a
            // default for its services: neither is read here (a service's own tag is).
            "dubbo.provider", concat(INTERFACE, PROVIDER, List.of("actives", "tag")),
            "dubbo.consumer", concat(INTERFACE, CONSUMER),
            "dubbo.ssl", Set.of(
                    "ca_address", "ca_cert_path", "client_key_password", "server_key_password", "env_type",
                    "oidc_token_path")));

    /**
     * Why a key is ignored, when the generic "does not use" would leave a reader guessing what to do
     * instead; by canonical path.
     */
    static final Map<String, String> REASONS = Map.of(
            "dubbo.metrics.aggregation", "Dubbo's time-window aggregation of qps and rt is not computed here: the"
                    + " rpc_*_duration_seconds histogram and counters carry the same, and Prometheus computes"
                    + " windows from them (rate(...[1m]), histogram_quantile); see docs/observability.md",
            "dubbo.metrics.enable_metadata", "there are no metadata or config-center meters here",
            "dubbo.metrics.enable_rpc", "RPC meters are on with dubbo.metrics.enabled",
            "dubbo.tracing.baggage.remote_fields", "every W3C baggage entry is propagated",
            "dubbo.tracing.baggage.correlation", "trace ids are not put in the logging MDC; the accesslog filter"
                    + " writes each call's trace id");

    /** Dubbo 3.3's MetricsConfig keys that have no counterpart here. */
    private static Map<String, Set<String>> withMetrics(Map<String, Set<String>> base) {
        Map<String, Set<String>> all = new java.util.HashMap<>(base);
        all.put("dubbo.metrics", Set.of("aggregation", "enable_metadata", "export_metrics_service", "enable_netty",
                "enable_metrics_init", "enable_collector_sync", "collector_sync_period", "export_service_protocol",
                "export_service_port", "enable_rpc", "rpc_level"));
        all.put("dubbo.tracing.baggage", Set.of("remote_fields", "correlation"));
        all.put("dubbo.metrics.prometheus.exporter", Set.of("enable_http_service_discovery",
                "http_service_discovery_url"));
        return Map.copyOf(all);
    }

    /** " (why)" for a key {@link #REASONS} explains, else "". */
    static String reason(String path) {
        String why = REASONS.get(path);
        return why == null ? "" : " (" + why + ")";
    }

    @SafeVarargs
    private static Set<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return Set.copyOf(all);
    }

    /**
     * Whether {@code key} (canonical) under the map at {@code parentPattern} (canonical, ids as {@code <id>}) is a
     * Dubbo key triple-java ignores.
     */
    static boolean ignored(String parentPattern, String key) {
        if (parentPattern.equals("dubbo") && IGNORED_SECTIONS.contains(key)) {
            return true;
        }
        Set<String> keys = IGNORED_KEYS.get(parentPattern);
        return keys != null && keys.contains(key);
    }

    /** The known key closest to {@code key} when it is close enough to be a misspelling, else null. */
    static String didYouMean(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, key.length() / 3));
        return best != null && bestDistance <= allowed ? best : null;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
