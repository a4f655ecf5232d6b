package io.triple.config;

import io.triple.config.ConfigSchema.Entries;
import io.triple.config.ConfigSchema.Leaf;
import io.triple.config.ConfigSchema.Node;
import io.triple.config.ConfigSchema.Section;
import io.triple.config.ConfigSchema.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the plain YAML tree into a {@link RootConfig}: recognises keys with the {@link ConfigSchema} (warning about
 * unknown ones), applies environment/system-property overrides, converts values and binds them to builders.
 */
final class TreeReader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final String source;
    private final Function<String, String> env;
    private final Function<String, String> sysprops;
    /**
     * Whether the file is shared with other frameworks (Spring Boot's {@code application.yml}): top-level keys
     * other than {@code dubbo} and {@code logging} are then ignored, unless they look like a misspelling.
     */
    private final boolean shared;
    private final List<String> warnings = new ArrayList<>();
    /** Key path to a human description of where an overridden value came from. */
    private final Map<String, String> origins = new LinkedHashMap<>();
    /**
     * Entries made from Dubbo's singular sections: {@code dubbo.protocols.tri} to {@code dubbo.protocol}, so
     * messages and overrides use the key the user wrote.
     */
    private final Map<String, String> singular = new LinkedHashMap<>();

    TreeReader(String source, Function<String, String> env, Function<String, String> sysprops, boolean shared) {
        this.source = source;
        this.env = env;
        this.sysprops = sysprops;
        this.shared = shared;
    }

    RootConfig read(Object document) {
        if (document == null) {
            throw new ConfigException(source, null, "the file is empty; expected a map with a 'dubbo' key");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) normalize(ConfigSchema.ROOT, document, "", "");
        dropUnusedRegistries(tree);
        try {
            override(ConfigSchema.ROOT, tree, "");
            convert(ConfigSchema.ROOT, tree, "");
            return bind(tree);
        } catch (ConfigException e) {
            throw asWritten(e);
        }
    }

    /** The exception with its key path as the user wrote it ({@code dubbo.protocol.port}), if it differs. */
    private ConfigException asWritten(ConfigException e) {
        String path = e.keyPath();
        String written = written(path);
        if (path == null || written.equals(path) || !source.equals(e.source())) {
            return e;
        }
        String problem = e.getMessage().substring((source + ": " + path + ": ").length());
        return new ConfigException(source, written, problem, e.getCause());
    }

    /** {@code path} with a prefix made from a singular section replaced by the section's name. */
    String written(String path) {
        if (path == null) {
            return null;
        }
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

    /** Dubbo's {@code address: N/A} means "no registry": such entries are left out. */
    private void dropUnusedRegistries(Map<String, Object> root) {
        Object dubbo = root.get("dubbo");
        if (!(dubbo instanceof Map<?, ?> d) || !(d.get("registries") instanceof Map<?, ?> registries)) {
            return;
        }
        registries.values().removeIf(v -> {
            Object address = v instanceof Map<?, ?> m ? m.get("address") : null;
            return address != null && String.valueOf(address).trim().equalsIgnoreCase("N/A");
        });
    }

    // ---- 1. recognise keys ----------------------------------------------------------------------------------

    /**
     * @param path the key path as found (ids as written), for messages
     * @param pattern the canonical path with ids as {@code <id>}, to look up Dubbo keys that are ignored
     */
    private Object normalize(Node node, Object value, String path, String pattern) {
        if (node instanceof Leaf leaf) {
            return normalizeLeaf(leaf, value, path);
        }
        if (value == null) {
            return new LinkedHashMap<String, Object>();
        }
        if (!(value instanceof Map<?, ?> map)) {
            String expected = node instanceof Section s
                    ? "a map with keys " + String.join(", ", s.children().keySet())
                    : "a map of " + ((Entries) node).what() + " ids to " + ((Entries) node).what() + " settings";
            throw new ConfigException(source, path.isEmpty() ? null : path,
                    "expected " + expected + ", got " + describe(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (node instanceof Entries entries) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String id = String.valueOf(e.getKey());
                out.put(id, normalize(entries.entry(), e.getValue(), ConfigSchema.join(path, id),
                        ConfigSchema.join(pattern, ConfigSchema.ID)));
            }
            return out;
        }
        Section section = (Section) node;
        Map<String, String> spelledAs = new LinkedHashMap<>();
        Map<String, Map<String, Object>> singulars = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String written = String.valueOf(e.getKey());
            String canonical = ConfigSchema.canonical(written);
            String name = section.match(canonical);
            String keyPath = ConfigSchema.join(path, written);
            if (name == null && pattern.equals("dubbo") && (canonical.equals("protocol")
                    || canonical.equals("registry"))) {
                String plural = canonical.equals("protocol") ? "protocols" : "registries";
                if (singulars.containsKey(plural)) {
                    throw new ConfigException(source, keyPath, "given twice (as '" + written + "' and another "
                            + "spelling); keep one");
                }
                singulars.put(plural, singularEntry(section, plural, e.getValue(), keyPath));
                continue;
            }
            if (name == null) {
                unknownKey(section, pattern, canonical, written, keyPath);
                continue;
            }
            String previous = spelledAs.put(name, written);
            if (previous != null) {
                throw new ConfigException(source, ConfigSchema.join(path, name), "given twice, as '" + previous
                        + "' and as '" + written + "'; keep one");
            }
            Node child = section.children().get(name);
            Object v = e.getValue();
            String childPath = ConfigSchema.join(path, name);
            if (childPath.equals("logging.level") && v instanceof Map<?, ?> levels) {
                v = springLoggingLevels(levels);
            }
            out.put(name, normalize(child, v, childPath, ConfigSchema.join(pattern, name)));
        }
        singulars.forEach((plural, entry) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> declared = (Map<String, Object>) out.get(plural);
            Map<String, Object> merged = new LinkedHashMap<>();
            String id = (String) entry.remove(ID_MARK);
            String writtenPath = (String) entry.remove(PATH_MARK);
            merged.put(id, entry);
            if (declared != null) {
                if (declared.containsKey(id)) {
                    throw new ConfigException(source, writtenPath, "declares the " + plural + " entry '" + id
                            + "', which dubbo." + plural + "." + id + " declares too; keep one (or give this one "
                            + "another id with the key id)");
                }
                merged.putAll(declared);
            }
            out.put(plural, merged);
            singular.put("dubbo." + plural + "." + id, writtenPath);
        });
        return out;
    }

    private static final String ID_MARK = "\0id";
    private static final String PATH_MARK = "\0path";

    /**
     * Dubbo's {@code dubbo.protocol} or {@code dubbo.registry}: one entry of {@code dubbo.protocols} (id: its
     * {@code id}, else its name, else {@code tri}) or {@code dubbo.registries} (id: its {@code id}, else its
     * protocol or the scheme of its address, else {@code default}).
     */
    private Map<String, Object> singularEntry(Section dubbo, String plural, Object value, String keyPath) {
        Entries entries = (Entries) dubbo.children().get(plural);
        Map<Object, Object> raw = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            raw.putAll(m);
        } else if (value != null) {
            throw new ConfigException(source, keyPath, "expected a map of " + entries.what() + " settings, got "
                    + describe(value));
        }
        String id = null;
        for (Object k : List.copyOf(raw.keySet())) {
            if (ConfigSchema.canonical(String.valueOf(k)).equals("id") && raw.get(k) != null) {
                id = String.valueOf(raw.remove(k)).trim();
            }
        }
        if (id == null || id.isEmpty()) {
            id = plural.equals("protocols") ? valueOf(raw, "name", ProtocolConfig.DEFAULT_NAME) : null;
        }
        if (id == null || id.isEmpty()) {
            String address = valueOf(raw, "address", "");
            id = valueOf(raw, "protocol", RegistryConfig.scheme(address));
            if (id.isEmpty()) {
                id = "default";
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) normalize(entries.entry(), raw, keyPath,
                "dubbo." + plural + "." + ConfigSchema.ID);
        entry.put(ID_MARK, id);
        entry.put(PATH_MARK, keyPath);
        return entry;
    }

    private static String valueOf(Map<Object, Object> raw, String canonicalKey, String otherwise) {
        for (Map.Entry<Object, Object> e : raw.entrySet()) {
            if (ConfigSchema.canonical(String.valueOf(e.getKey())).equals(canonicalKey) && e.getValue() != null
                    && !(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
                return String.valueOf(e.getValue()).trim();
            }
        }
        return otherwise;
    }

    /** Spring Boot's {@code logging.level} is a map of logger names to levels: its {@code root} is used. */
    private Object springLoggingLevels(Map<?, ?> levels) {
        Object root = null;
        for (Map.Entry<?, ?> e : levels.entrySet()) {
            if (String.valueOf(e.getKey()).equalsIgnoreCase("root")) {
                root = e.getValue();
            }
        }
        warn("logging.level: per-logger levels (Spring Boot's form) are not applied"
                + (root == null ? "" : "; logging.level.root (" + root + ") is used as the level"));
        return root instanceof Map<?, ?> ? null : root;
    }

    /**
     * A key the schema does not know. Top-level keys of a shared file (spring, server, ...) are ignored unless
     * they look like a misspelling; Apache Dubbo's keys that triple-java does not use are ignored with a warning
     * ({@link DubboKeys}); anything else is an error naming the key, with the closest known key if there is one.
     */
    private void unknownKey(Section section, String pattern, String canonical, String written, String keyPath) {
        List<String> known = new ArrayList<>(section.children().keySet());
        if (pattern.equals("dubbo")) {
            known.add("protocol");
            known.add("registry");
        }
        String suggestion = DubboKeys.didYouMean(canonical, known);
        // Spring Boot's own keys: top-level ones (spring, server, ...) and logging's others (file, pattern, ...).
        if ((pattern.isEmpty() || pattern.equals("logging")) && shared && suggestion == null) {
            log.debug("{}: key {} is not for triple-java; ignored", source, keyPath);
            return;
        }
        if (DubboKeys.ignored(pattern, canonical)) {
            warn(keyPath + " is an Apache Dubbo key that triple-java does not use; ignored"
                    + DubboKeys.reason(ConfigSchema.join(pattern, canonical)));
            return;
        }
        if (suggestion == null) {
            List<String> ignorable = new ArrayList<>(DubboKeys.IGNORED_KEYS.getOrDefault(pattern, java.util.Set.of()));
            if (pattern.equals("dubbo")) {
                ignorable.addAll(DubboKeys.IGNORED_SECTIONS);
            }
            String near = DubboKeys.didYouMean(canonical, ignorable);
            if (near != null) {
                suggestion = near;
            }
        }
        throw new ConfigException(source, keyPath, "unknown key"
                + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
                + "; known keys here: " + String.join(", ", known)
                + (pattern.isEmpty() && shared ? " (other top-level keys, such as spring or server, are ignored)"
                        : ""));
    }

    private Object normalizeLeaf(Leaf leaf, Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            if (leaf.type() != Type.MAP) {
                throw new ConfigException(source, path, "expected " + expectedText(leaf.type()) + ", got "
                        + describe(value));
            }
            for (Object item : map.values()) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new ConfigException(source, path, "expected a map of names to values, got a value that is "
                            + describe(item));
                }
            }
            return value;
        }
        if (value instanceof List<?> list) {
            if (leaf.type() != Type.LIST) {
                throw new ConfigException(source, path, "expected " + expectedText(leaf.type()) + ", got "
                        + describe(value));
            }
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new ConfigException(source, path, "expected a list of strings, got an item that is "
                            + describe(item));
                }
            }
        }
        return value;
    }

    private void warn(String message) {
        String full = source + ": " + message;
        warnings.add(full);
        log.warn(full);
    }

    // ---- 2. overrides -----------------------------------------------------------------------------------------

    /** For each known leaf whose parent map exists in the file: system property, then environment variable. */
    private void override(Node node, Map<String, Object> map, String path) {
        if (node instanceof Entries entries) {
            for (Map.Entry<String, Object> e : map.entrySet()) {
                override(entries.entry(), asMap(e.getValue()), ConfigSchema.join(path, e.getKey()));
            }
            return;
        }
        Section section = (Section) node;
        section.children().forEach((name, child) -> {
            String keyPath = ConfigSchema.join(path, name);
            if (child instanceof Leaf) {
                // Dubbo's singular spelling (-Ddubbo.protocol.port, DUBBO_PROTOCOL_PORT) works too.
                String alt = written(keyPath);
                String prop = sysprops.apply(keyPath);
                String propName = keyPath;
                if (prop == null && !alt.equals(keyPath)) {
                    prop = sysprops.apply(alt);
                    propName = alt;
                }
                String envName = ConfigSchema.envName(keyPath);
                String envValue = env.apply(envName);
                if (envValue == null && !alt.equals(keyPath)) {
                    envName = ConfigSchema.envName(alt);
                    envValue = env.apply(envName);
                }
                if (prop != null) {
                    apply(map, name, keyPath, prop, "system property " + propName);
                } else if (envValue != null) {
                    apply(map, name, keyPath, envValue, "environment variable " + envName);
                }
            } else if (map.get(name) != null) {
                override(child, asMap(map.get(name)), keyPath);
            }
        });
    }

    private void apply(Map<String, Object> map, String name, String keyPath, String value, String origin) {
        map.put(name, value);
        origins.put(keyPath, origin);
        log.info("{}: {} overridden by {}", source, keyPath, origin);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    // ---- 3. convert values ------------------------------------------------------------------------------------

    private void convert(Node node, Map<String, Object> map, String path) {
        if (node instanceof Entries entries) {
            map.forEach((id, v) -> convert(entries.entry(), asMap(v), ConfigSchema.join(path, id)));
            return;
        }
        Section section = (Section) node;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Node child = section.children().get(e.getKey());
            String keyPath = ConfigSchema.join(path, e.getKey());
            if (child instanceof Leaf leaf) {
                e.setValue(e.getValue() == null ? null : convertLeaf(leaf.type(), e.getValue(), keyPath));
            } else {
                convert(child, asMap(e.getValue()), keyPath);
            }
        }
    }

    private Object convertLeaf(Type type, Object value, String path) {
        switch (type) {
            case STRING:
                return String.valueOf(value).trim();
            case INT: {
                Long n = integer(value);
                if (n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw bad(path, "expected an integer", value);
                }
                return n.intValue();
            }
            case PORT: {
                Long n = integer(value);
                if (n == null || n < 0 || n > 65535) { // 0: any free port
                    throw bad(path, "expected an integer port 1-65535", value);
                }
                return n.intValue();
            }
            case DURATION:
                return duration(value, path);
            case BOOLEAN: {
                if (value instanceof Boolean b) {
                    return b;
                }
                String text = String.valueOf(value).trim();
                if (value instanceof String && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(text);
                }
                throw bad(path, "expected true or false", value);
            }
            case LIST: {
                List<String> out = new ArrayList<>();
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        if (item != null && !String.valueOf(item).isBlank()) {
                            out.add(String.valueOf(item).trim());
                        }
                    }
                } else {
                    for (String part : String.valueOf(value).split(",")) {
                        if (!part.isBlank()) {
                            out.add(part.trim());
                        }
                    }
                }
                return out;
            }
            case NUMBER: {
                try {
                    return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
                } catch (NumberFormatException e) {
                    throw bad(path, "expected a number", value);
                }
            }
            case MAP: {
                Map<String, String> out = new LinkedHashMap<>();
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v).trim()));
                } else {
                    // A property or environment override: name=value,name2=value2
                    for (String part : String.valueOf(value).split(",")) {
                        int eq = part.indexOf('=');
                        if (eq <= 0) {
                            if (part.isBlank()) {
                                continue;
                            }
                            throw bad(path, "expected a map, or name=value pairs separated by commas", value);
                        }
                        out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                    }
                }
                return out;
            }
            default:
                throw new AssertionError(type);
        }
    }

    private static Long integer(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            return null;
        }
        if (value instanceof String s && INTEGER.matcher(s.trim()).matches() && s.trim().length() < 12) {
            return Long.parseLong(s.trim());
        }
        return null;
    }

    private Duration duration(Object value, String path) {
        Long n = integer(value);
        if (value instanceof Number && n != null) {
            if (n < 0) {
                throw bad(path, "expected a non-negative duration like 500ms, 3s or 1m", value);
            }
            return Duration.ofMillis(n);
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim().toLowerCase(Locale.ROOT));
        if (!(value instanceof String) || !m.matches() || m.group(1).length() > 12) {
            throw bad(path, "expected a duration like 500ms, 3s or 1m (a plain number means milliseconds)", value);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new AssertionError(unit);
        };
    }

    private ConfigException bad(String path, String expected, Object value) {
        String origin = origins.get(path);
        return new ConfigException(source, path, expected + ", got " + describe(value)
                + (origin == null ? "" : " (value from " + origin + ")"));
    }

    private static String expectedText(Type type) {
        return switch (type) {
            case STRING -> "a single value (string)";
            case INT -> "an integer";
            case PORT -> "an integer port 1-65535";
            case DURATION -> "a duration like 500ms, 3s or 1m";
            case LIST -> "a list of strings or a comma-separated string";
            case BOOLEAN -> "true or false";
            case NUMBER -> "a number";
            case MAP -> "a map of names to values";
        };
    }

    /** How a value is shown in messages: scalars quoted, collections by kind. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (empty value)";
        }
        if (value instanceof Map<?, ?> m) {
            return "a map " + abbreviate(String.valueOf(m));
        }
        if (value instanceof List<?> l) {
            return "a list " + abbreviate(String.valueOf(l));
        }
        return "'" + value + "'";
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---- 4. bind --------------------------------------------------------------------------------------------

    private RootConfig bind(Map<String, Object> root) {
        RootConfig.Builder b = RootConfig.builder();
        Map<String, Object> logging = section(root, "logging");
        ifSet(logging, "level", b::loggingLevel);
        Map<String, Object> dubbo = section(root, "dubbo");
        Map<String, Object> application = section(dubbo, "application");
        ifSet(application, "name", b::application);
        this.<String>ifSet(application, "metadata_type", b::metadataType);
        Object whitelist = application.get("qos_accept_foreign_ip_whitelist");
        b.qos(new QosConfig(Boolean.TRUE.equals(application.get("qos_enable")),
                (String) application.get("qos_host"),
                application.get("qos_port") instanceof Integer port ? port : QosConfig.DEFAULT_PORT,
                Boolean.TRUE.equals(application.get("qos_accept_foreign_ip")),
                whitelist == null ? List.of() : asStrings(whitelist),
                Boolean.TRUE.equals(application.get("qos_check"))));
        b.serializeCheck(new SerializeCheckConfig((String) application.get("serialize_check_status"),
                asStrings(application.get("serialize_allow")), asStrings(application.get("serialize_deny"))));

        section(dubbo, "protocols").forEach((id, v) -> {
            Map<String, Object> m = asMap(v);
            ProtocolConfig.Builder p = ProtocolConfig.builder();
            this.<String>ifSet(m, "ip", p::ip);
            this.<Integer>ifSet(m, "port", p::port);
            this.<String>ifSet(m, "name", p::name);
            this.<String>ifSet(m, "host", p::host);
            Map<String, Object> triple = section(m, "triple");
            this.<Integer>ifSet(triple, "max_body_size", p::maxBodySize);
            this.<Integer>ifSet(triple, "max_header_list_size", p::maxHeaderListSize);
            this.<Integer>ifSet(triple, "max_concurrent_streams", p::maxConcurrentStreams);
            this.<Integer>ifSet(triple, "initial_window_size", p::initialWindowSize);
            this.<Boolean>ifSet(triple, "auto_tune_window", p::autoTuneWindow);
            this.<List<String>>ifSet(section(section(triple, "rest"), "cors"), "allowed_origins",
                    p::corsAllowedOrigins);
            b.protocol(id, p.build());
        });
        this.<String>ifSet(section(dubbo, "metadata_report"), "address", b::metadataReportAddress);
        section(dubbo, "registries").forEach((id, v) -> {
            Map<String, Object> m = asMap(v);
            RegistryConfig.Builder r = RegistryConfig.builder();
            this.<String>ifSet(m, "protocol", r::protocol);
            this.<String>ifSet(m, "address", r::address);
            this.<Duration>ifSet(m, "timeout", r::timeout);
            this.<String>ifSet(m, "register_mode", r::registerMode);
            this.<Boolean>ifSet(m, "register", r::register);
            b.registry(id, r.build());
        });
        Map<String, Object> ssl = section(dubbo, "ssl");
        String[] sslPaths = new String[6];
        this.<String>ifSet(ssl, "server_key_cert_chain_path", v -> sslPaths[0] = v);
        this.<String>ifSet(ssl, "server_private_key_path", v -> sslPaths[1] = v);
        this.<String>ifSet(ssl, "server_trust_cert_collection_path", v -> sslPaths[2] = v);
        this.<String>ifSet(ssl, "client_trust_cert_collection_path", v -> sslPaths[3] = v);
        this.<String>ifSet(ssl, "client_key_cert_chain_path", v -> sslPaths[4] = v);
        this.<String>ifSet(ssl, "client_private_key_path", v -> sslPaths[5] = v);
        b.ssl(new SslConfig(sslPaths[0], sslPaths[1], sslPaths[2], sslPaths[3], sslPaths[4], sslPaths[5]));
        Map<String, Object> metrics = section(dubbo, "metrics");
        MetricsConfig.Builder mc = MetricsConfig.builder();
        this.<Boolean>ifSet(metrics, "enabled", mc::enabled);
        this.<String>ifSet(metrics, "protocol", mc::protocol);
        this.<Boolean>ifSet(metrics, "use_global_registry", mc::useGlobalRegistry);
        this.<Boolean>ifSet(metrics, "enable_jvm", mc::enableJvm);
        this.<Boolean>ifSet(metrics, "enable_registry", mc::enableRegistry);
        this.<Boolean>ifSet(metrics, "enable_threadpool", mc::enableThreadpool);
        Map<String, Object> histogram = section(metrics, "histogram");
        this.<Boolean>ifSet(histogram, "enabled", mc::histogram);
        List<Integer> buckets = new ArrayList<>();
        this.<List<String>>ifSet(histogram, "buckets_ms", v -> v.forEach(item -> buckets.add(
                (int) number("dubbo.metrics.histogram.buckets_ms", item, true))));
        List<Double> percentiles = new ArrayList<>();
        this.<List<String>>ifSet(histogram, "percentiles", v -> v.forEach(q -> percentiles.add(
                number("dubbo.metrics.histogram.percentiles", q, false))));
        mc.histogramOptions(new MetricsConfig.HistogramOptions(buckets, (Integer) histogram.get("min_expected_ms"),
                (Integer) histogram.get("max_expected_ms"), (Boolean) histogram.get("enabled_percentiles"), percentiles,
                (Integer) histogram.get("distribution_statistic_expiry_min")));
        Map<String, Object> push = section(section(metrics, "prometheus"), "pushgateway");
        MetricsConfig.Pushgateway off = MetricsConfig.Pushgateway.OFF;
        mc.pushgateway(new MetricsConfig.Pushgateway(Boolean.TRUE.equals(push.get("enabled")),
                (String) push.get("base_url"), (String) push.get("username"), (String) push.get("password"),
                push.get("push_interval") == null ? off.pushIntervalSeconds() : (Integer) push.get("push_interval"),
                push.get("job") == null ? off.job() : (String) push.get("job")));
        Map<String, Object> exporter = section(section(metrics, "prometheus"), "exporter");
        this.<Boolean>ifSet(exporter, "enabled", mc::exporterEnabled);
        this.<String>ifSet(exporter, "metrics_host", mc::host);
        this.<Integer>ifSet(exporter, "metrics_port", mc::port);
        this.<String>ifSet(exporter, "metrics_path", mc::path);
        b.metrics(mc.build());
        Map<String, Object> tracing = section(dubbo, "tracing");
        TracingConfig.Builder tc = TracingConfig.builder();
        this.<Boolean>ifSet(tracing, "enabled", tc::enabled);
        this.<Double>ifSet(section(tracing, "sampling"), "probability", tc::samplingProbability);
        this.<String>ifSet(section(tracing, "propagation"), "type", tc::propagationType);
        this.<Boolean>ifSet(section(tracing, "baggage"), "enabled", tc::baggageEnabled);
        Map<String, Object> exporters = section(tracing, "tracing_exporter");
        Map<String, Object> otlp = section(exporters, "otlp_config");
        this.<String>ifSet(otlp, "endpoint", tc::otlpEndpoint);
        this.<Duration>ifSet(otlp, "timeout", tc::otlpTimeout);
        this.<String>ifSet(otlp, "compression_method", tc::otlpCompression);
        this.<Map<String, String>>ifSet(otlp, "headers", tc::otlpHeaders);
        this.<String>ifSet(section(exporters, "zipkin_config"), "endpoint", tc::zipkinEndpoint);
        b.tracing(tc.build());
        Map<String, Object> provider = section(dubbo, "provider");
        ProviderConfig.Builder pv = ProviderConfig.builder();
        this.<String>ifSet(provider, "token", pv::token);
        this.<Integer>ifSet(provider, "executes", pv::executes);
        this.<Boolean>ifSet(provider, "accesslog", pv::accesslog);
        this.<List<String>>ifSet(provider, "filter", pv::filter);
        this.<List<String>>ifSet(provider, "serialization", pv::serialization);
        this.<Duration>ifSet(provider, "timeout", pv::timeout);
        this.<Integer>ifSet(provider, "retries", pv::retries);
        this.<Boolean>ifSet(provider, "register", pv::register);
        b.provider(pv.build());
        section(provider, "services").forEach((id, v) -> {
            Map<String, Object> m = asMap(v);
            ServiceConfig.Builder s = ServiceConfig.builder();
            this.<String>ifSet(m, "interface", s::interfaceName);
            this.<String>ifSet(m, "ref", s::ref);
            this.<String>ifSet(m, "version", s::version);
            this.<String>ifSet(m, "group", s::group);
            this.<String>ifSet(m, "protocol", s::protocol);
            this.<List<String>>ifSet(m, "registry_ids", s::registryIds);
            this.<Integer>ifSet(m, "weight", s::weight);
            this.<String>ifSet(m, "tag", s::tag);
            this.<String>ifSet(m, "token", s::token);
            this.<Integer>ifSet(m, "executes", s::executes);
            this.<Boolean>ifSet(m, "accesslog", s::accesslog);
            this.<List<String>>ifSet(m, "filter", s::filter);
            this.<Duration>ifSet(m, "timeout", s::timeout);
            this.<Integer>ifSet(m, "retries", s::retries);
            this.<Boolean>ifSet(m, "register", s::register);
            b.service(id, s.build());
        });
        Map<String, Object> consumer = section(dubbo, "consumer");
        section(consumer, "references").forEach((id, v) -> {
            Map<String, Object> m = asMap(v);
            ReferenceConfig.Builder r = ReferenceConfig.builder();
            inherit(consumer, m, "dubbo.consumer.references." + id);
            this.<String>ifSet(m, "interface", r::interfaceName);
            this.<String>ifSet(m, "url", r::url);
            this.<List<String>>ifSet(m, "registry_ids", r::registryIds);
            this.<String>ifSet(m, "version", r::version);
            this.<String>ifSet(m, "group", r::group);
            this.<Duration>ifSet(m, "timeout", r::timeout);
            this.<Integer>ifSet(m, "retries", r::retries);
            this.<String>ifSet(m, "loadbalance", r::loadbalance);
            this.<String>ifSet(m, "cluster", r::cluster);
            this.<String>ifSet(m, "token", r::token);
            this.<List<String>>ifSet(m, "filter", r::filter);
            this.<Boolean>ifSet(m, "check", r::check);
            this.<List<String>>ifSet(m, "serialization", r::serialization);
            this.<Integer>ifSet(m, "max_body_size", r::maxBodySize);
            this.<String>ifSet(m, "migration", r::migration);
            this.<Integer>ifSet(m, "actives", r::actives);
            this.<String>ifSet(m, "tag", r::tag);
            b.reference(id, r.build());
        });
        return b.build(source, origins, warnings, singular);
    }

    /** The keys under {@code dubbo.consumer} that are defaults for every reference (Dubbo's {@code <dubbo:consumer>}). */
    private static final List<String> CONSUMER_DEFAULTS =
            List.of("timeout", "retries", "loadbalance", "cluster", "token", "check", "serialization",
                    "max_body_size", "migration", "actives", "tag");

    /**
     * Copies {@code dubbo.consumer}'s defaults into a reference that does not set them itself, and puts the
     * consumer's filter names ahead of the reference's own. An inherited value keeps a note of where it came
     * from, so an error about it names the key the user wrote.
     */
    private void inherit(Map<String, Object> consumer, Map<String, Object> reference, String path) {
        for (String key : CONSUMER_DEFAULTS) {
            Object v = consumer.get(key);
            if (v != null && reference.get(key) == null) {
                reference.put(key, v);
                String origin = origins.get("dubbo.consumer." + key);
                origins.put(path + "." + key, "dubbo.consumer." + key + (origin == null ? "" : ", " + origin));
            }
        }
        Object shared = consumer.get("filter");
        if (shared != null) {
            List<Object> filter = new ArrayList<>(asList(shared));
            Object own = reference.get("filter");
            if (own != null) {
                for (Object name : asList(own)) {
                    if (!filter.contains(name)) {
                        filter.add(name);
                    }
                }
            }
            reference.put("filter", filter);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> asStrings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

    private static Map<String, Object> section(Map<String, Object> parent, String name) {
        Object v = parent.get(name);
        return v == null ? Map.of() : asMap(v);
    }

    @SuppressWarnings("unchecked")
    /** One item of a list of numbers ({@code buckets_ms: [10, 50]}), or an error naming the key. */
    private double number(String path, String item, boolean integer) {
        try {
            return integer ? Integer.parseInt(item.trim()) : Double.parseDouble(item.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(source, path, "expected a list of " + (integer ? "integers" : "numbers")
                    + ", got an item " + Validator.quote(item));
        }
    }

    private <T> void ifSet(Map<String, Object> map, String key, java.util.function.Consumer<T> setter) {
        Object v = map.get(key);
        if (v != null) {
            setter.accept((T) v);
        }
    }
}
