package io.triple.config;

import java.util.List;

/**
 * The management endpoint ({@code live}, {@code ready}, {@code startup}, {@code ls},
 * {@code offline}, {@code online}, over HTTP), with Apache Dubbo's QoS keys under
 * {@code dubbo.application}. Off unless {@code qos_enable} is true (Dubbo's default is on; see
 * docs/observability.md for why ours is not).
 *
 * @param enable start the endpoint ({@code qos_enable})
 * @param host address it binds to; empty: every interface, as Dubbo ({@code qos_host})
 * @param port its port ({@code qos_port}, Dubbo's 22222)
 * @param acceptForeignIp let other hosts run every command, not only {@code live}, {@code ready}
 *     and {@code startup} ({@code qos_accept_foreign_ip})
 * @param acceptForeignIpWhitelist other hosts (addresses or CIDR blocks) that may run every
 *     command ({@code qos_accept_foreign_ip_whitelist})
 * @param check fail start-up when the port cannot be bound, instead of logging it ({@code qos_check})
 */
public record QosConfig(boolean enable, String host, int port, boolean acceptForeignIp,
        List<String> acceptForeignIpWhitelist, boolean check) {

    /** Dubbo's QoS port. */
    public static final int DEFAULT_PORT = 22222;

    /** Off: what an absent {@code qos_enable} means. */
    public static final QosConfig DEFAULTS = new QosConfig(false, "", DEFAULT_PORT, false, List.of(), false);

    public QosConfig {
        host = host == null ? "" : host.trim();
        acceptForeignIpWhitelist = acceptForeignIpWhitelist == null ? List.of() : List.copyOf(acceptForeignIpWhitelist);
    }

    /** The endpoint on {@code port}, bound to {@code host} (empty: every interface), other keys at their defaults. */
    public static QosConfig enabled(String host, int port) {
        return new QosConfig(true, host, port, false, List.of(), false);
    }

    /** This configuration letting other hosts run every command, or only those listed. */
    public QosConfig withForeignAccess(boolean acceptForeignIp, List<String> whitelist) {
        return new QosConfig(enable, host, port, acceptForeignIp, whitelist, check);
    }
}
