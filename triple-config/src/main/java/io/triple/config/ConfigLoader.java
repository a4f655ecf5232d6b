package io.triple.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Finds, reads and validates {@code dubbo.yaml}.
 *
 * <p>{@link #load()} looks for the file in this order: the path in the environment variable
 * {@value #CONFIG_PATH_ENV} (if set, it must exist), then {@code dubbo.yaml}, {@code application.yaml} and
 * {@code application.yml} in the working directory.
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
    /** File names tried, in order, in the working directory when {@value #CONFIG_PATH_ENV} is not set. */
    public static final List<String> DEFAULT_FILE_NAMES = List.of("dubbo.yaml", "application.yaml", "application.yml");

    /** Largest accepted document, in code points. */
    static final int MAX_CODE_POINTS = 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING_DEPTH = 32;

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private final Function<String, String> env;
    private final Function<String, String> systemProperties;
    private final Path baseDir;

    /** A loader using the real environment, system properties and working directory. */
    public ConfigLoader() {
        this(System::getenv, System::getProperty, Path.of(""));
    }

    /** For tests: injected environment, system properties and working directory. */
    ConfigLoader(Function<String, String> env, Function<String, String> systemProperties, Path baseDir) {
        this.env = Objects.requireNonNull(env, "env");
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
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
        List<String> searched = new ArrayList<>();
        searched.add(CONFIG_PATH_ENV + " (environment variable, not set)");
        for (String name : DEFAULT_FILE_NAMES) {
            Path p = baseDir.resolve(name);
            if (Files.isRegularFile(p)) {
                return load(p);
            }
            searched.add(p.toAbsolutePath().normalize().toString());
        }
        throw new ConfigException(DEFAULT_FILE_NAMES.get(0), null, "no configuration file found; searched: "
                + String.join(", ", searched) + ". Create one of these files or set " + CONFIG_PATH_ENV
                + " to the file's path");
    }

    /**
     * Loads and validates the given file; problems are reported with the path as given.
     *
     * @throws ConfigException if the file cannot be read or is invalid
     */
    public RootConfig load(Path file) {
        String source = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > 4L * MAX_CODE_POINTS) {
                throw new ConfigException(source, null, "file is too large (" + size + " bytes); the limit is "
                        + MAX_CODE_POINTS + " characters");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "configuration file not found", e);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot be read: " + e, e);
        }
        log.debug("loading configuration from {}", file.toAbsolutePath());
        return loadFromString(text, source);
    }

    /**
     * Loads and validates YAML text; {@code sourceName} is used in messages in place of a file name.
     *
     * @throws ConfigException if the text is invalid
     */
    public RootConfig loadFromString(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        String source = sourceName == null ? "<string>" : sourceName;
        Object document = parse(yaml, source);
        return new TreeReader(source, env, systemProperties).read(document);
    }

    private static Object parse(String text, String source) {
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
            if (documents.size() > 1) {
                throw new ConfigException(source, null, "contains " + documents.size()
                        + " YAML documents; expected one");
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
