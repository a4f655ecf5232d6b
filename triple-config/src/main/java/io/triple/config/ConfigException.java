package io.triple.config;

/**
 * A configuration problem. The message always starts with the source (the configuration file as it was
 * located, or {@code <code>} for configuration built with the builders), followed by the full key path when
 * the problem concerns one key, then what is wrong and what was expected, for example:
 *
 * <pre>dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got 'abc'</pre>
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Source name used for configuration built from code. */
    public static final String CODE_SOURCE = "<code>";

    private final String source;
    private final String keyPath;

    /**
     * @param source the file (or {@code <code>}) the configuration came from
     * @param keyPath the full dotted key path, or {@code null} if the problem is not about one key
     * @param problem what is wrong and what was expected
     */
    public ConfigException(String source, String keyPath, String problem) {
        this(source, keyPath, problem, null);
    }

    public ConfigException(String source, String keyPath, String problem, Throwable cause) {
        super(format(source, keyPath, problem), cause);
        this.source = source;
        this.keyPath = keyPath;
    }

    private static String format(String source, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? CODE_SOURCE : source).append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The file (or {@code <code>}) the configuration came from. */
    public String source() {
        return source;
    }

    /** The full dotted key path the problem concerns, or {@code null}. */
    public String keyPath() {
        return keyPath;
    }
}
