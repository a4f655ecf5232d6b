package io.triple.config;

import io.triple.registry.RegistryFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a configuration and resolves defaults that depend on other entries. Used for files and for code. */
final class Validator {

    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    static final List<String> PROTOCOL_NAMES = List.of("tri", "triple", "grpc");
    /** Registry types always accepted: ours (its module may be missing at validation; the bootstrap says so). */
    static final List<String> REGISTRY_PROTOCOLS = List.of("zookeeper");
    /** Registry types known from Apache Dubbo that triple-java does not support (yet). */
    static final List<String> UNSUPPORTED_REGISTRY_PROTOCOLS =
            List.of("nacos", "etcd", "etcd3", "consul", "polaris", "redis", "multicast", "kubernetes", "eureka");
    static final List<String> LOADBALANCES = List.of("random", "roundrobin", "leastactive", "p2c", "adaptive");
    static final List<String> CLUSTERS = List.of("failover", "failfast", "failsafe", "forking");
    /** Server interceptor names that need no factory, in the order they run. */
    static final List<String> BUILTIN_SERVER_FILTERS = List.of("accesslog", "token", "executes");
    /** Client interceptor names that need no factory. */
    static final List<String> BUILTIN_CLIENT_FILTERS = List.of("token");

    /** A serialization's name as Dubbo spells them: hessian2, fastjson2, protobuf-json. */
    private static final Pattern SERIALIZATION_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    /** A class name (nested ones with '$') or a package prefix ending in '.'. */
    private static final Pattern CLASS_OR_PREFIX =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*\\.?");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern FILTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** What can travel in an HTTP/2 header value without surprises: visible ASCII. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})");
    private static final Pattern URL =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://(\\[[0-9a-fA-F:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})(/[^\\s?]*)?(\\?\\S*)?");
    /** Query parameters a reference's url may carry (the rest have keys of the reference's own). */
    private static final List<String> REFERENCE_URL_PARAMETERS = List.of("version", "group", "weight");

    private final String source;
    private final Map<String, String> origins;

    Validator(String source, Map<String, String> origins) {
        this.source = source;
        this.origins = origins;
    }

    private ConfigException error(String path, String problem) {
        String origin = origins.get(path);
        return new ConfigException(source, path, origin == null ? problem : problem + " (value from " + origin + ")");
    }

    static String quote(Object value) {
        return "'" + value + "'";
    }

    private static String listOr(List<String> names) {
        return String.join(", ", names);
    }

    String application(String name) {
        return name == null ? "" : name;
    }

    SerializeCheckConfig serializeCheck(SerializeCheckConfig c) {
        String path = "dubbo.application.serialize_check_status";
        String status = c.status().trim().toUpperCase(Locale.ROOT);
        if (!SerializeCheckConfig.STATUSES.contains(status)) {
            throw error(path, "expected one of " + listOr(SerializeCheckConfig.STATUSES) + ", got "
                    + quote(c.status()));
        }
        return new SerializeCheckConfig(status, classesOrPrefixes("dubbo.application.serialize_allow", c.allow()),
                classesOrPrefixes("dubbo.application.serialize_deny", c.deny()));
    }

    /** Class names or package prefixes, trimmed, blanks and repeats dropped. */
    private List<String> classesOrPrefixes(String path, List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String raw : entries) {
            String e = raw == null ? "" : raw.trim();
            if (e.isEmpty() || out.contains(e)) {
                continue;
            }
            if (!CLASS_OR_PREFIX.matcher(e).matches()) {
                throw error(path, "expected class names (com.example.Money) or package prefixes ending in '.' "
                        + "(com.example.model., which covers its subpackages; no wildcards), got " + quote(e));
            }
            out.add(e);
        }
        return out;
    }

    /** Serialization names, trimmed and lower-cased, blanks and repeats dropped, in the order given. */
    private List<String> serializations(String path, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String n = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty() || out.contains(n)) {
                continue;
            }
            if (!SERIALIZATION_NAME.matcher(n).matches()) {
                throw error(path, "expected serialization names such as hessian2 or fastjson2, got " + quote(raw));
            }
            out.add(n);
        }
        return out;
    }

    String loggingLevel(String level) {
        String l = level == null || level.isBlank() ? "INFO" : level.trim().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(l)) {
            throw error("logging.level", "expected one of " + listOr(LOG_LEVELS) + ", got " + quote(level));
        }
        return l;
    }

    ProtocolConfig protocol(String id, ProtocolConfig p) {
        String path = "dubbo.protocols." + checkId(id, "dubbo.protocols");
        if (p == null) {
            throw error(path, "expected a protocol, got nothing");
        }
        if (p.port() == ProtocolConfig.PORT_NOT_SET) {
            throw error(path + ".port", "missing required key; expected an integer port 1-65535");
        }
        checkPort(path + ".port", p.port());
        if (p.ip().isBlank()) {
            throw error(path + ".ip", "expected an IP address to bind (e.g. 0.0.0.0), got " + quote(p.ip()));
        }
        String name = p.name().trim().toLowerCase(Locale.ROOT);
        if (!PROTOCOL_NAMES.contains(name)) {
            throw error(path + ".name", "expected one of " + listOr(PROTOCOL_NAMES) + ", got " + quote(p.name()));
        }
        positiveIfSet(path + ".triple.max_body_size", p.maxBodySize());
        positiveIfSet(path + ".triple.max_header_list_size", p.maxHeaderListSize());
        positiveIfSet(path + ".triple.max_concurrent_streams", p.maxConcurrentStreams());
        positiveIfSet(path + ".triple.initial_window_size", p.initialWindowSize());
        if (p.initialWindowSize() != null && p.initialWindowSize() < 65535) {
            throw error(path + ".triple.initial_window_size",
                    "expected at least 65535 (HTTP/2's initial window), got " + quote(p.initialWindowSize()));
        }
        for (String origin : p.corsAllowedOrigins()) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw error(path + ".triple.rest.cors.allowed_origins", "expected origins such as "
                        + "https://app.example.com (scheme and host, optional port, no path) or *, got "
                        + quote(origin));
            }
        }
        return new ProtocolConfig(p.ip().trim(), p.port(), name, p.host().trim(), p.maxBodySize(),
                p.maxHeaderListSize(), p.maxConcurrentStreams(), p.initialWindowSize(), p.autoTuneWindow(),
                p.corsAllowedOrigins());
    }

    private void positiveIfSet(String path, Integer value) {
        if (value != null && value <= 0) {
            throw error(path, "expected a positive integer, got " + quote(value));
        }
    }

    /** A protocol's port: 1-65535, or 0 for any free port. */
    void checkPort(String path, long port) {
        if (port < 0 || port > 65535) {
            throw error(path, "expected an integer port 1-65535, got " + quote(port));
        }
    }

    RegistryConfig registry(String id, RegistryConfig r) {
        String path = "dubbo.registries." + checkId(id, "dubbo.registries");
        if (r == null) {
            throw error(path, "expected a registry, got nothing");
        }
        if (r.address().isEmpty()) {
            throw error(path + ".address", "missing required key; expected host:port, e.g. 127.0.0.1:2181 or "
                    + "zookeeper://127.0.0.1:2181");
        }
        String scheme = RegistryConfig.scheme(r.address()).toLowerCase(Locale.ROOT);
        String protocol = r.protocol().trim().toLowerCase(Locale.ROOT);
        if (protocol.isEmpty()) {
            throw error(path + ".protocol", "missing; set protocol: zookeeper, or write the address with a scheme "
                    + "(zookeeper://" + r.address() + ")");
        }
        if (!scheme.isEmpty() && !scheme.equals(protocol)) {
            throw error(path + ".protocol", "is " + quote(r.protocol()) + " but address " + quote(r.address())
                    + " says " + quote(scheme) + "; remove one or make them agree");
        }
        String protocolPath = scheme.isEmpty() || !r.protocol().equalsIgnoreCase(scheme)
                ? path + ".protocol" : path + ".address";
        List<String> known = registryProtocols();
        if (!known.contains(protocol) && UNSUPPORTED_REGISTRY_PROTOCOLS.contains(protocol)) {
            throw error(protocolPath, "registry protocol " + quote(protocol)
                    + " is not supported by triple-java yet; supported: " + listOr(known));
        }
        if (!known.contains(protocol)) {
            throw error(protocolPath, "unknown registry protocol " + quote(protocol) + "; expected one of: "
                    + listOr(known) + " (a plug-in adds others through io.triple.registry.RegistryFactory)");
        }
        List<String> addresses = r.addresses();
        if (addresses.isEmpty()) {
            throw error(path + ".address", "expected host:port[,host:port...], got " + quote(r.address()));
        }
        for (String a : addresses) {
            var m = HOST_PORT.matcher(a);
            if (!m.matches()) {
                throw error(path + ".address", "expected host:port[,host:port...], got " + quote(r.address())
                        + " (bad entry " + quote(a) + ")");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw error(path + ".address", "expected host:port with a port 1-65535, got " + quote(r.address()));
            }
        }
        checkPositive(path + ".timeout", r.timeout());
        String mode = r.registerMode().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("interface", "instance", "all").contains(mode)) {
            throw error(path + ".register_mode", "expected interface, instance or all, got " + quote(r.registerMode()));
        }
        return new RegistryConfig(protocol, r.address(), r.timeout(), mode, r.register());
    }

    /**
     * The registry types accepted: {@link #REGISTRY_PROTOCOLS} and every one a {@link RegistryFactory} on the
     * class path serves ({@code META-INF/services/io.triple.registry.RegistryFactory}).
     */
    static List<String> registryProtocols() {
        List<String> out = new ArrayList<>(REGISTRY_PROTOCOLS);
        try {
            for (RegistryFactory f : ServiceLoader.load(RegistryFactory.class, Validator.class.getClassLoader())) {
                String p = f.protocol() == null ? "" : f.protocol().trim().toLowerCase(Locale.ROOT);
                if (!p.isEmpty() && !out.contains(p)) {
                    out.add(p);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigException(ConfigException.CODE_SOURCE, null, "a registry plug-in on the class path "
                    + "cannot be loaded: " + e.getMessage(), e);
        }
        return out;
    }

    private void checkRetries(String path, Integer retries) {
        if (retries != null && retries < 0) {
            throw error(path, "expected a non-negative integer, got " + quote(retries));
        }
    }

    private void checkPositive(String path, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw error(path, "expected a positive duration like 500ms, 3s or 1m, got " + quote(d.toMillis() + "ms"));
        }
    }

    MetricsConfig metrics(MetricsConfig m) {
        if (!m.protocol().equals("prometheus")) {
            throw error("dubbo.metrics.protocol", "unknown metrics protocol " + quote(m.protocol())
                    + "; only prometheus is supported");
        }
        if (m.port() < 1 || m.port() > 65535) {
            throw error("dubbo.metrics.prometheus.exporter.metrics_port", "expected a port 1-65535, got " + m.port());
        }
        if (!m.path().startsWith("/")) {
            throw error("dubbo.metrics.prometheus.exporter.metrics_path", "expected a path starting with /, got "
                    + quote(m.path()));
        }
        MetricsConfig.Pushgateway push = m.pushgateway();
        if (push.enabled()) {
            String key = "dubbo.metrics.prometheus.pushgateway.";
            try {
                push.uri();
            } catch (IllegalArgumentException e) {
                throw error(key + "base_url", e.getMessage());
            }
            if (push.pushIntervalSeconds() <= 0) {
                throw error(key + "push_interval", "expected seconds above 0, got " + push.pushIntervalSeconds());
            }
            if (push.job() == null || push.job().isBlank()) {
                throw error(key + "job", "expected a job name, got " + quote(push.job()));
            }
            if (push.password() != null && (push.username() == null || push.username().isBlank())) {
                throw error(key + "username", "a password is set without a username");
            }
        }
        MetricsConfig.HistogramOptions h = m.histogramOptions();
        for (int b : h.bucketsMs()) {
            if (b <= 0) {
                throw error("dubbo.metrics.histogram.buckets_ms", "expected durations in ms above 0, got " + b);
            }
        }
        if (h.minExpectedMs() != null && h.minExpectedMs() <= 0) {
            throw error("dubbo.metrics.histogram.min_expected_ms", "expected a duration in ms above 0, got "
                    + h.minExpectedMs());
        }
        if (h.maxExpectedMs() != null && h.maxExpectedMs() <= (h.minExpectedMs() == null ? 1 : h.minExpectedMs())) {
            throw error("dubbo.metrics.histogram.max_expected_ms", "expected more than min_expected_ms ("
                    + (h.minExpectedMs() == null ? 1 : h.minExpectedMs()) + "), got " + h.maxExpectedMs());
        }
        for (double q : h.percentiles()) {
            if (!(q >= 0 && q <= 1)) {
                throw error("dubbo.metrics.histogram.percentiles", "expected quantiles from 0 to 1 (0.99), got " + q);
            }
        }
        if (h.distributionStatisticExpiryMin() != null && h.distributionStatisticExpiryMin() <= 0) {
            throw error("dubbo.metrics.histogram.distribution_statistic_expiry_min", "expected minutes above 0, got "
                    + h.distributionStatisticExpiryMin());
        }
        return m;
    }

    TracingConfig tracing(TracingConfig t) {
        if (!(t.samplingProbability() >= 0 && t.samplingProbability() <= 1)) {
            throw error("dubbo.tracing.sampling.probability", "expected a probability from 0.0 to 1.0, got "
                    + t.samplingProbability());
        }
        if (!t.propagationType().equals("W3C") && !t.propagationType().equals("B3")) {
            throw error("dubbo.tracing.propagation.type", "expected W3C or B3 (Dubbo's types), got "
                    + quote(t.propagationType()));
        }
        if (!t.otlpCompression().equals("none") && !t.otlpCompression().equals("gzip")) {
            throw error("dubbo.tracing.tracing_exporter.otlp_config.compression_method", "expected none or gzip, got "
                    + quote(t.otlpCompression()));
        }
        if (t.otlpTimeout().isZero() || t.otlpTimeout().isNegative()) {
            throw error("dubbo.tracing.tracing_exporter.otlp_config.timeout", "expected a positive duration, got "
                    + t.otlpTimeout().toMillis() + "ms");
        }
        return t;
    }

    QosConfig qos(QosConfig q) {
        if (q.port() < 1 || q.port() > 65535) {
            throw error("dubbo.application.qos_port", "expected a port 1-65535, got " + q.port());
        }
        for (String entry : q.acceptForeignIpWhitelist()) {
            if (!entry.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
                throw error("dubbo.application.qos_accept_foreign_ip_whitelist", "expected IP addresses or CIDR "
                        + "blocks (10.0.0.5, 10.0.0.0/8), got " + quote(entry));
            }
        }
        return q;
    }

    SslConfig ssl(SslConfig s) {
        if (s.serverTls() != !s.serverPrivateKeyPath().isEmpty()) {
            String missing = s.serverTls() ? "server_private_key_path" : "server_key_cert_chain_path";
            throw error("dubbo.ssl." + missing, "not set, but "
                    + (s.serverTls() ? "server_key_cert_chain_path" : "server_private_key_path")
                    + " is: a TLS server needs both its certificate chain and its private key");
        }
        if (s.clientKeyCertChainPath().isEmpty() != s.clientPrivateKeyPath().isEmpty()) {
            String missing = s.clientKeyCertChainPath().isEmpty() ? "client_key_cert_chain_path"
                    : "client_private_key_path";
            throw error("dubbo.ssl." + missing, "not set, but the other half of the client certificate is:"
                    + " a client certificate needs both its chain and its private key");
        }
        if (!s.serverTrustCertCollectionPath().isEmpty() && !s.serverTls()) {
            throw error("dubbo.ssl.server_trust_cert_collection_path", "set, but the servers have no"
                    + " certificate (server_key_cert_chain_path): client authentication needs TLS");
        }
        if (!s.clientKeyCertChainPath().isEmpty() && !s.clientTls()) {
            throw error("dubbo.ssl.client_key_cert_chain_path", "set, but references do not use TLS"
                    + " (client_trust_cert_collection_path is not set)");
        }
        readable("dubbo.ssl.server_key_cert_chain_path", s.serverKeyCertChainPath());
        readable("dubbo.ssl.server_private_key_path", s.serverPrivateKeyPath());
        readable("dubbo.ssl.server_trust_cert_collection_path", s.serverTrustCertCollectionPath());
        readable("dubbo.ssl.client_trust_cert_collection_path", s.clientTrustCertCollectionPath());
        readable("dubbo.ssl.client_key_cert_chain_path", s.clientKeyCertChainPath());
        readable("dubbo.ssl.client_private_key_path", s.clientPrivateKeyPath());
        return s;
    }

    private void readable(String key, String path) {
        if (!path.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
            throw error(key, "no readable file at " + quote(path) + " (relative paths start from "
                    + java.nio.file.Path.of("").toAbsolutePath() + ")");
        }
    }

    ProviderConfig provider(ProviderConfig p) {
        if (p == null) {
            return ProviderConfig.DEFAULTS;
        }
        String token = checkToken("dubbo.provider.token", p.token());
        if (token.equalsIgnoreCase("false")) {
            token = "";
        }
        checkExecutes("dubbo.provider.executes", p.executes());
        List<String> filter = filterNames("dubbo.provider.filter", p.filter());
        if (filter.contains("token") && token.isEmpty()) {
            throw error("dubbo.provider.filter", "filter 'token' needs a token; set dubbo.provider.token");
        }
        if (filter.contains("executes") && p.executes() == 0) {
            throw error("dubbo.provider.filter", "filter 'executes' needs a limit; set dubbo.provider.executes to 1 "
                    + "or more");
        }
        if (p.timeout() != null) {
            checkPositive("dubbo.provider.timeout", p.timeout());
        }
        checkRetries("dubbo.provider.retries", p.retries());
        return new ProviderConfig(token, p.executes(), p.accesslog() || filter.contains("accesslog"),
                withoutBuiltins(filter, BUILTIN_SERVER_FILTERS),
                serializations("dubbo.provider.serialization", p.serialization()), p.timeout(), p.retries(),
                p.register());
    }

    /** Checks a token; returns it trimmed ({@code false} is returned as is: it means "no token"). */
    private String checkToken(String path, String raw) {
        String t = raw.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("default")) {
            throw error(path, "Dubbo's random token (token: " + t + ") is not supported by triple-java; give the "
                    + "token itself, e.g. token: s3cret, and the same token to consumers");
        }
        if (!t.isEmpty() && !TOKEN.matcher(t).matches()) {
            // The value is a secret: say what is wrong with it without printing it.
            throw error(path, "expected a token of visible ASCII characters (no spaces), got a value with "
                    + "other characters");
        }
        return t;
    }

    private void checkExecutes(String path, int executes) {
        if (executes < 0) {
            throw error(path, "expected a non-negative integer (maximum concurrent calls; 0 means unlimited), got "
                    + quote(executes));
        }
    }

    /** Filter names, trimmed, blanks and repeats dropped. */
    private List<String> filterNames(String path, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String n = raw == null ? "" : raw.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (n.startsWith("-")) {
                throw error(path, "removing a filter with '-name' (" + quote(n) + ") is not supported; set the "
                        + "filter on the services that need it instead of under dubbo.provider");
            }
            if (!FILTER_NAME.matcher(n).matches()) {
                throw error(path, "expected filter names made of letters, digits, '_', '.' and '-', got "
                        + quote(n));
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> withoutBuiltins(List<String> names, List<String> builtins) {
        return names.stream().filter(n -> !builtins.contains(n)).toList();
    }

    ServiceConfig service(String id, ServiceConfig s, Set<String> protocolIds, Set<String> registryIds,
                          ProviderConfig provider) {
        String path = "dubbo.provider.services." + checkId(id, "dubbo.provider.services");
        if (s == null) {
            throw error(path, "expected a service, got nothing");
        }
        requireInterface(path, s.interfaceName());
        String ref = s.ref().trim();
        if (!ref.isEmpty() && !CLASS_NAME.matcher(ref).matches()) {
            throw error(path + ".ref", "expected the fully-qualified name of the implementation class, e.g. "
                    + "com.example.OrderServiceImpl, got " + quote(s.ref()));
        }
        String protocol = s.protocol().trim();
        if (protocol.isEmpty()) {
            if (protocolIds.size() == 1) {
                protocol = protocolIds.iterator().next();
            } else if (protocolIds.isEmpty()) {
                throw error(path + ".protocol", "missing, and no protocol is declared under dubbo.protocols; "
                        + "declare one (e.g. dubbo.protocols.triple.port: 8888)");
            } else {
                throw error(path + ".protocol", "missing; required because several protocols are declared: "
                        + String.join(", ", protocolIds));
            }
        } else if (!protocolIds.contains(protocol)) {
            throw error(path + ".protocol", "refers to protocol " + quote(protocol) + ", which is not declared; "
                    + declared("protocols", protocolIds));
        }
        List<String> regs = checkRegistryIds(path + ".registry_ids", s.registryIds(), registryIds);
        if (regs.isEmpty()) {
            regs = List.copyOf(registryIds);
        }
        if (s.weight() < 0) {
            throw error(path + ".weight", "expected a non-negative integer, got " + quote(s.weight()));
        }
        String ownToken = checkToken(path + ".token", s.token());
        String token = ownToken.isEmpty() ? provider.token() : ownToken.equalsIgnoreCase("false") ? "" : ownToken;
        if (s.executes() != null) {
            checkExecutes(path + ".executes", s.executes());
        }
        int executes = s.executes() == null ? provider.executes() : s.executes();
        List<String> own = filterNames(path + ".filter", s.filter());
        if (own.contains("token") && token.isEmpty()) {
            throw error(path + ".filter", "filter 'token' needs a token; set " + path + ".token (or "
                    + "dubbo.provider.token)");
        }
        if (own.contains("executes") && executes == 0) {
            throw error(path + ".filter", "filter 'executes' needs a limit; set " + path + ".executes (or "
                    + "dubbo.provider.executes) to 1 or more");
        }
        boolean accesslog = (s.accesslog() == null ? provider.accesslog() : s.accesslog())
                || own.contains("accesslog");
        List<String> filter = new ArrayList<>(provider.filter());
        for (String n : withoutBuiltins(own, BUILTIN_SERVER_FILTERS)) {
            if (!filter.contains(n)) {
                filter.add(n);
            }
        }
        if (s.timeout() != null) {
            checkPositive(path + ".timeout", s.timeout());
        }
        checkRetries(path + ".retries", s.retries());
        return new ServiceConfig(s.interfaceName().trim(), ref, s.version(), s.group(), protocol, regs, s.weight(),
                s.tag(), token, executes, accesslog, filter, s.timeout() != null ? s.timeout() : provider.timeout(),
                s.retries() != null ? s.retries() : provider.retries(),
                s.register() != null ? s.register() : provider.register());
    }

    ReferenceConfig reference(String id, ReferenceConfig r, Set<String> registryIds) {
        String path = "dubbo.consumer.references." + checkId(id, "dubbo.consumer.references");
        if (r == null) {
            throw error(path, "expected a reference, got nothing");
        }
        requireInterface(path, r.interfaceName());
        String url = r.url().trim();
        if (!url.isEmpty()) {
            // Several providers as Dubbo writes them: tri://a:50051;tri://b:50051 (the channel balances).
            for (String one : url.split(";")) {
                var m = URL.matcher(one.trim());
                if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
                    throw error(path + ".url", "expected a URL like tri://host:port (several separated by ';'), got "
                            + quote(one.trim().isEmpty() ? r.url() : one.trim()));
                }
                checkUrlParameters(path + ".url", m.group(5));
            }
        }
        List<String> regs = checkRegistryIds(path + ".registry_ids", r.registryIds(), registryIds);
        if (regs.isEmpty() && url.isEmpty()) {
            if (registryIds.isEmpty()) {
                throw error(path, "has neither url nor a registry to find providers in; set url "
                        + "(e.g. tri://localhost:8888) or declare a registry under dubbo.registries");
            }
            regs = List.copyOf(registryIds);
        }
        checkPositive(path + ".timeout", r.timeout());
        positiveIfSet(path + ".max_body_size", r.maxBodySize());
        if (r.retries() < 0) {
            throw error(path + ".retries", "expected a non-negative integer, got " + quote(r.retries()));
        }
        if (r.actives() < 0) {
            throw error(path + ".actives", "expected the most calls in flight per provider and method, 0 for no "
                    + "limit, got " + quote(r.actives()));
        }
        String lb = r.loadbalance().trim().toLowerCase(Locale.ROOT);
        if (!LOADBALANCES.contains(lb)) {
            throw error(path + ".loadbalance", "expected one of " + listOr(LOADBALANCES) + ", got "
                    + quote(r.loadbalance()));
        }
        String cluster = r.cluster().trim().toLowerCase(Locale.ROOT);
        if (!CLUSTERS.contains(cluster)) {
            throw error(path + ".cluster", "expected one of " + listOr(CLUSTERS) + ", got " + quote(r.cluster()));
        }
        String token = checkToken(path + ".token", r.token());
        if (token.equalsIgnoreCase("false")) {
            token = "";
        }
        List<String> filter = filterNames(path + ".filter", r.filter());
        if (filter.contains("token") && token.isEmpty()) {
            throw error(path + ".filter", "filter 'token' needs a token; set " + path + ".token");
        }
        return new ReferenceConfig(r.interfaceName().trim(), url, regs, r.version(), r.group(), r.timeout(),
                r.retries(), lb, cluster, token, withoutBuiltins(filter, BUILTIN_CLIENT_FILTERS), r.check(),
                serializations(path + ".serialization", r.serialization()), r.maxBodySize(),
                migration(path, r.migration()), r.actives(), r.timeoutSet(), r.tag());
    }

    /** An ignored parameter would quietly reach another service (version) or do nothing: named instead. */
    private void checkUrlParameters(String path, String query) {
        if (query == null) {
            return;
        }
        for (String pair : query.substring(1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!name.isEmpty() && !REFERENCE_URL_PARAMETERS.contains(name)) {
                throw error(path, "unknown URL parameter " + quote(name) + "; known: "
                        + String.join(", ", REFERENCE_URL_PARAMETERS)
                        + " (timeout, retries, max_body_size and the rest are keys of the reference)");
            }
        }
    }

    String metadataType(String type) {
        String t = type == null || type.isBlank() ? "local" : type.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("local") && !t.equals("remote")) {
            throw error("dubbo.application.metadata_type", "expected local or remote, got " + quote(type));
        }
        return t;
    }

    private String migration(String path, String step) {
        String s = step.toUpperCase(java.util.Locale.ROOT);
        if (!List.of("FORCE_INTERFACE", "APPLICATION_FIRST", "FORCE_APPLICATION").contains(s)) {
            throw error(path + ".migration", "expected FORCE_INTERFACE, APPLICATION_FIRST or FORCE_APPLICATION, got "
                    + quote(step));
        }
        return s;
    }

    private void requireInterface(String path, String interfaceName) {
        if (interfaceName.isBlank()) {
            throw error(path + ".interface", "missing required key; expected the fully-qualified interface name, "
                    + "e.g. org.apache.dubbo.sample.tri.Greeter");
        }
        if (interfaceName.trim().chars().anyMatch(Character::isWhitespace)) {
            throw error(path + ".interface", "expected a fully-qualified interface name, got "
                    + quote(interfaceName));
        }
    }

    private List<String> checkRegistryIds(String path, List<String> ids, Set<String> declared) {
        List<String> out = new ArrayList<>();
        for (String raw : ids) {
            String id = raw == null ? "" : raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!declared.contains(id)) {
                throw error(path, "refers to registry " + quote(id) + ", which is not declared; "
                        + declared("registries", declared));
            }
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    private static String declared(String what, Set<String> ids) {
        return ids.isEmpty() ? "no " + what + " are declared under dubbo." + what
                : "declared " + what + " under dubbo." + what + ": " + String.join(", ", ids);
    }

    private String checkId(String id, String parent) {
        if (id == null || id.isBlank()) {
            throw new ConfigException(source, parent, "expected a non-empty id, got " + quote(id));
        }
        return id;
    }
}
