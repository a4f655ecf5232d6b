package io.triple.config;

import java.util.List;

/**
 * The deserialization guard under {@code dubbo.application} (Apache Dubbo's
 * {@code serialize-check-status}): which classes the bytes of an interface (POJO) call may name.
 * The bootstrap turns it into the allow list of its interface services and of its references.
 *
 * @param status {@code STRICT} (the default: only the interfaces' signature types, a safe JDK set
 *     and {@code allow}), {@code WARN} (others too, each logged once) or {@code DISABLE} (others
 *     silently); upper case once validated
 * @param allow class names ({@code com.example.Money}) or package prefixes ending in '.'
 *     ({@code com.example.model.}) allowed besides those
 * @param deny class names or package prefixes refused in every mode (known gadget classes always are)
 */
public record SerializeCheckConfig(String status, List<String> allow, List<String> deny) {

    /** Dubbo's check levels, strictest first. */
    public static final List<String> STATUSES = List.of("STRICT", "WARN", "DISABLE");

    /** STRICT, nothing added, nothing denied beyond the built-in gadget list. */
    public static final SerializeCheckConfig DEFAULTS = new SerializeCheckConfig("STRICT", List.of(), List.of());

    public SerializeCheckConfig {
        status = status == null || status.isBlank() ? "STRICT" : status;
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }
}
