package io.triple.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds, reads and validates the configuration: our {@code dubbo.yaml}, or Apache Dubbo's own files
 * ({@code application.yml} as Spring Boot reads it, {@code application.properties}, {@code dubbo.properties}),
 * all read as the same tree of keys.
 *
 * <p>{@link #load()} looks for the file in this order, and the first found is used:
 * <ol>
 *   <li>the path in the environment variable {@value #CONFIG_PATH_ENV} (if set, it must exist);</li>
 *   <li>the path in Dubbo's {@value #DUBBO_PROPERTIES_FILE_KEY} system property or environment variable (if
 *       set, it must exist, as a file or on the class path);</li>
 *   <li>{@link #DEFAULT_FILE_NAMES} in the working directory: {@code dubbo.yaml}, {@code application.yaml},
 *       {@code application.yml}, {@code application.properties}, {@code dubbo.properties};</li>
 *   <li>the same names on the class path (where a Dubbo application keeps them, in
 *       {@code src/main/resources}).</li>
 * </ol>
 * An {@code application.*} file without a {@code dubbo} key is passed over (it configures something else), and
 * in it top-level keys other than {@code dubbo} and {@code logging} ({@code spring}, {@code server}, ...) are
 * ignored. Files ending in {@code .properties} are read as Java properties whose dotted keys
 * ({@code dubbo.protocol.port=50051}) make the same tree as YAML's nesting; {@code key[0]=a} items make lists.
 *
 * <p>After parsing, single keys can be overridden: the system property named like the dotted key path
 * ({@code -Ddubbo.protocols.triple.port=9999}) wins over the environment variable named like the path
 * upper-cased with {@code .} and {@code -} replaced by {@code _} ({@code DUBBO_PROTOCOLS_TRIPLE_PORT=9999}),
 * which wins over the file. A key can be overridden when the map that holds it (a section such as
 * {@code dubbo.application}, or an entry such as {@code dubbo.protocols.triple}) is present in the file.
 *
 * <p>Every problem is reported as a {@link ConfigException} naming the file, the key path and the bad value.
 */
public final class ConfigLoader {

    /** Environment variable holding the path of the configuration file. */
    public static final String CONFIG_PATH_ENV = "DUBBO_CONFIG_PATH";
    /** Apache Dubbo's system property (or environment variable) naming its properties file. */
    public static final String DUBBO_PROPERTIES_FILE_KEY = "dubbo.properties.file";
    /**
     * File names tried, in order, in the working directory and then on the class path when neither
     * {@value #CONFIG_PATH_ENV} nor {@value #DUBBO_PROPERTIES_FILE_KEY} is set.
     */
    public static final List<String> DEFAULT_FILE_NAMES = List.of("dubbo.yaml", "application.yaml",
            "application.yml", "application.properties", "dubbo.properties");

    /** Largest accepted document, in code points. */
    static final int MAX_CODE_POINTS = 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING_DEPTH = 32;

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private final Function<String, String> env;
    private final Function<String, String> systemProperties;
    private final Path baseDir;
    private final Function<String, URL> classPath;

    /** A loader using the real environment, system properties, working directory and class path. */
    public ConfigLoader() {
        this(System::getenv, System::getProperty, Path.of(""), ConfigLoader::resource);
    }

    /** For tests: injected environment, system properties and working directory; no class path. */
    ConfigLoader(Function<String, String> env, Function<String, String> systemProperties, Path baseDir) {
        this(env, systemProperties, baseDir, name -> null);
    }

    /** For tests: injected environment, system properties, working directory and class path. */
    ConfigLoader(Function<String, String> env, Function<String, String> systemProperties, Path baseDir,
                 Function<String, URL> classPath) {
        this.env = Objects.requireNonNull(env, "env");
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        this.classPath = Objects.requireNonNull(classPath, "classPath");
    }

    private static URL resource(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        URL url = cl == null ? null : cl.getResource(name);
        return url != null ? url : ConfigLoader.class.getClassLoader().getResource(name);
    }

    /**
     * Finds the configuration file (see the class description), loads and validates it.
     *
     * @throws ConfigException if no file is found (the message lists every place searched) or it is invalid
     */
    public RootConfig load() {
        String fromEnv = env.apply(CONFIG_PATH_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = baseDir.resolve(fromEnv.trim());
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(p.toString(), null, "configuration file not found (named by environment "
                        + "variable " + CONFIG_PATH_ENV + "=" + fromEnv + ")");
            }
            return load(p);
        }
        String dubboFile = systemProperties.apply(DUBBO_PROPERTIES_FILE_KEY);
        String dubboFileOrigin = "system property " + DUBBO_PROPERTIES_FILE_KEY;
        if (dubboFile == null || dubboFile.isBlank()) {
            dubboFile = env.apply(DUBBO_PROPERTIES_FILE_KEY);
            dubboFileOrigin = "environment variable " + DUBBO_PROPERTIES_FILE_KEY;
        }
        if (dubboFile != null && !dubboFile.isBlank()) {
            Path p = baseDir.resolve(dubboFile.trim());
            if (Files.isRegularFile(p)) {
                return load(p);
            }
            URL url = classPath.apply(dubboFile.trim());
            if (url != null) {
                return loadFromString(read(url, dubboFile.trim()), "classpath:" + dubboFile.trim());
            }
            throw new ConfigException(p.toString(), null, "configuration file not found, neither in the working "
                    + "directory nor on the class path (named by " + dubboFileOrigin + "=" + dubboFile + ")");
        }
        List<String> searched = new ArrayList<>();
        searched.add(CONFIG_PATH_ENV + " (environment variable, not set)");
        searched.add(DUBBO_PROPERTIES_FILE_KEY + " (system property or environment variable, not set)");
        for (String name : DEFAULT_FILE_NAMES) {
            Path p = baseDir.resolve(name);
            String where = p.toAbsolutePath().normalize().toString();
            if (Files.isRegularFile(p)) {
                RootConfig c = loadUnlessForeign(readFile(p), p.toString());
                if (c != null) {
                    return c;
                }
                where += " (no dubbo key)";
            }
            searched.add(where);
        }
        for (String name : DEFAULT_FILE_NAMES) {
            URL url = classPath.apply(name);
            String where = "classpath:" + name;
            if (url != null) {
                RootConfig c = loadUnlessForeign(read(url, where), where);
                if (c != null) {
                    return c;
                }
                where += " (no dubbo key)";
            }
            searched.add(where);
        }
        throw new ConfigException(DEFAULT_FILE_NAMES.get(0), null, "no configuration file found; searched: "
                + String.join(", ", searched) + ". Create one of these files or set " + CONFIG_PATH_ENV
                + " to the file's path");
    }

    /** Loads a file found by name, or returns null for an application.* file without a dubbo key. */
    private RootConfig loadUnlessForeign(String text, String source) {
        Object document = parse(text, source);
        if (shared(source) && !hasDubboKey(document)) {
            log.info("{} has no dubbo key; looking further", source);
            return null;
        }
        log.debug("loading configuration from {}", source);
        return read(document, source);
    }

    private static boolean hasDubboKey(Object document) {
        if (document instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (ConfigSchema.canonical(String.valueOf(k)).equals("dubbo")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the file is shared with other frameworks: Spring Boot's application.yml and friends. */
    static boolean shared(String source) {
        return fileName(source).toLowerCase(Locale.ROOT).startsWith("application");
    }

    private static String fileName(String source) {
        String s = source.replace('\\', '/');
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
        return s.substring(slash + 1);
    }

    private static boolean isProperties(String source) {
        return fileName(source).toLowerCase(Locale.ROOT).endsWith(".properties");
    }

    private static String read(URL url, String source) {
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes(4 * MAX_CODE_POINTS + 1);
            if (bytes.length > 4 * MAX_CODE_POINTS) {
                throw new ConfigException(source, null, "file is too large; the limit is " + MAX_CODE_POINTS
                        + " characters");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot be read: " + e, e);
        }
    }

    private static String readFile(Path file) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > 4L * MAX_CODE_POINTS) {
                throw new ConfigException(source, null, "file is too large (" + size + " bytes); the limit is "
                        + MAX_CODE_POINTS + " characters");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "configuration file not found", e);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot be read: " + e, e);
        }
    }

    /**
     * Loads and validates the given file (YAML, or Java properties when its name ends in {@code .properties});
     * problems are reported with the path as given.
     *
     * @throws ConfigException if the file cannot be read or is invalid
     */
    public RootConfig load(Path file) {
        String text = readFile(file);
        log.debug("loading configuration from {}", file.toAbsolutePath());
        return loadFromString(text, file.toString());
    }

    /**
     * Loads and validates configuration text; {@code sourceName} is used in messages in place of a file name,
     * and decides the format as a file name would: Java properties when it ends in {@code .properties}, else
     * YAML; an {@code application.*} name makes top-level keys other than {@code dubbo} and {@code logging}
     * ignored.
     *
     * @throws ConfigException if the text is invalid
     */
    public RootConfig loadFromString(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        String source = sourceName == null ? "<string>" : sourceName;
        return read(parse(text, source), source);
    }

    /**
     * A loader that applies no system-property or environment-variable overrides: for configuration
     * whose source already merged them (the Spring Environment, in the Spring Boot starter).
     */
    public static ConfigLoader withoutOverrides() {
        return new ConfigLoader(name -> null, name -> null, Path.of(""));
    }

    /**
     * Reads and validates a tree already parsed: maps (string keys), lists and scalars, as SnakeYAML
     * would return for {@code dubbo.yaml} (the root map holds {@code dubbo} and, optionally,
     * {@code logging}). {@code sourceName} is used in messages in place of a file name. Overrides
     * apply as for a file, unless this loader is {@link #withoutOverrides()}.
     *
     * @throws ConfigException if the tree is invalid
     */
    public RootConfig loadFromTree(Map<String, ?> tree, String sourceName) {
        Objects.requireNonNull(tree, "tree");
        // Like a shared file (application.yml): the source holds other frameworks' keys too.
        return new TreeReader(sourceName == null ? "<tree>" : sourceName, env, systemProperties, true).read(tree);
    }


    private RootConfig read(Object document, String source) {
        return new TreeReader(source, env, systemProperties, shared(source)).read(document);
    }

    private Object parse(String text, String source) {
        if (isProperties(source)) {
            return PropertiesTree.parse(text, source);
        }
        Object tree = parseYaml(text, source);
        return shared(source) ? expandDots(tree) : tree;
    }

    /**
     * Spring Boot's relaxed YAML: a dotted key ({@code protocol.port: 50051}) is the nesting it spells;
     * {@code "[a.b]"} keeps its dots (a key, brackets dropped). Only in application.* files: in dubbo.yaml
     * ids may contain dots.
     */
    @SuppressWarnings("unchecked")
    static Object expandDots(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(ConfigLoader::expandDots).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = expandDots(e.getValue());
            if (key.length() > 2 && key.startsWith("[") && key.endsWith("]")) {
                deepMerge(out, Map.of(key.substring(1, key.length() - 1), value));
                continue;
            }
            String[] parts = key.split("\\.");
            if (parts.length < 2 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
                deepMerge(out, java.util.Collections.singletonMap(key, value));
                continue;
            }
            Object nested = value;
            for (int i = parts.length - 1; i > 0; i--) {
                nested = java.util.Collections.singletonMap(parts[i], nested);
            }
            deepMerge(out, java.util.Collections.singletonMap(parts[0], nested));
        }
        return out;
    }

    /**
     * Spring Boot's multi-document {@code application.yml}: the documents that apply (those without
     * {@code spring.config.activate.on-profile} or {@code spring.profiles}, and those whose profile is
     * active in {@code spring.profiles.active}: system property, else {@code SPRING_PROFILES_ACTIVE}, else
     * the file's own), merged in order, a later document's values over an earlier's.
     */
    private Object springDocuments(List<Object> documents, String source) {
        String active = systemProperties.apply("spring.profiles.active");
        if (active == null) {
            active = env.apply("SPRING_PROFILES_ACTIVE");
        }
        if (active == null) {
            for (Object doc : documents) {
                Object own = at(doc, "spring", "profiles", "active");
                if (own != null && profileOf(doc) == null) {
                    active = own instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                            : String.valueOf(own);
                }
            }
        }
        List<String> profiles = new ArrayList<>();
        for (String p : (active == null ? "" : active).split(",")) {
            if (!p.isBlank()) {
                profiles.add(p.trim());
            }
        }
        Map<String, Object> merged = new java.util.LinkedHashMap<>();
        for (Object doc : documents) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> m)) {
                throw new ConfigException(source, null, "a YAML document that is not a map: " + TreeReader.describe(doc));
            }
            Object profile = profileOf(doc);
            if (profile != null && java.util.Arrays.stream(String.valueOf(profile).split("[,|!&() ]+"))
                    .filter(x -> !x.isBlank()).noneMatch(profiles::contains)) {
                log.debug("{}: a document for profile {} is not active; passed over", source, profile);
                continue;
            }
            deepMerge(merged, m);
        }
        return merged;
    }

    private static Object profileOf(Object doc) {
        Object p = at(doc, "spring", "config", "activate", "on-profile");
        return p != null ? p : at(doc, "spring", "profiles");
    }

    /** The value at {@code keys} below {@code node}; a key may be written dotted (config.activate.on-profile). */
    private static Object at(Object node, String... keys) {
        Object v = at(node, List.of(keys));
        return v instanceof Map<?, ?> && keys[keys.length - 1].equals("profiles") ? null : v;
    }

    private static Object at(Object node, List<String> keys) {
        if (keys.isEmpty()) {
            return node;
        }
        if (!(node instanceof Map<?, ?> m)) {
            return null;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String[] parts = String.valueOf(e.getKey()).split("\\.");
            if (parts.length > keys.size()) {
                continue;
            }
            boolean prefix = true;
            for (int i = 0; i < parts.length && prefix; i++) {
                prefix = ConfigSchema.canonical(parts[i]).equals(ConfigSchema.canonical(keys.get(i)));
            }
            if (prefix) {
                Object found = at(e.getValue(), keys.subList(parts.length, keys.size()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<?, ?> from) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object old = into.get(k);
            if (old instanceof Map<?, ?> oldMap && e.getValue() instanceof Map<?, ?> newMap) {
                Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) oldMap);
                deepMerge(copy, newMap);
                into.put(k, copy);
            } else if (e.getValue() instanceof Map<?, ?> newMap) {
                Map<String, Object> copy = new java.util.LinkedHashMap<>();
                deepMerge(copy, newMap);
                into.put(k, copy);
            } else {
                into.put(k, e.getValue());
            }
        }
    }

    private Object parseYaml(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            List<Object> documents = new ArrayList<>();
            for (Object doc : yaml.loadAll(text)) {
                documents.add(doc);
            }
            if (documents.size() > 1 && shared(source)) {
                return springDocuments(documents, source);
            }
            if (documents.size() > 1) {
                throw new ConfigException(source, null, "contains " + documents.size()
                        + " YAML documents; expected one (several, with Spring profiles, only in application.yml)");
            }
            return documents.isEmpty() ? null : documents.get(0);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            // Constructor problems (duplicate keys, explicit tags) are well-formed YAML that is not allowed here.
            StringBuilder sb = new StringBuilder(e instanceof ConstructorException ? "invalid YAML" : "YAML syntax error");
            if (mark != null) {
                sb.append(" at line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
            }
            sb.append(": ");
            if (e.getContext() != null) {
                sb.append(e.getContext()).append(", ");
            }
            sb.append(e.getProblem());
            throw new ConfigException(source, null, sb.toString(), e);
        } catch (YAMLException e) {
            throw new ConfigException(source, null, "cannot be parsed as YAML: " + e.getMessage(), e);
        }
    }
}
