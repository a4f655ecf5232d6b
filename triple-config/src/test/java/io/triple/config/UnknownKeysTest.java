package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unknown keys: errors naming file and key (with the closest known key), except Apache Dubbo's keys that
 * triple-java does not use (a warning each) and top-level keys of files shared with Spring Boot.
 */
class UnknownKeysTest {

    private static String error(String text, String source) {
        return assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(text, source)).getMessage();
    }

    @Test
    void aMisspelledKeyUnderDubboIsAnErrorWithTheClosestKnownKey() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.prot: unknown key (did you mean port?); known keys here: "
                + "ip, port, name, host, triple", error("""
                dubbo:
                  protocols:
                    triple: {prot: 9999}
                """, "dubbo.yaml"));
        assertEquals("dubbo.yaml: dubbo.provider.services.S.serialization: unknown key; known keys here: "
                + "interface, ref, version, group, protocol, registry_ids, weight, tag, token, executes, "
                + "accesslog, filter, timeout, retries, register", error("""
                dubbo:
                  protocols: {triple: {port: 1}}
                  provider:
                    services:
                      S: {interface: a.B, serialization: hessian2}
                """, "dubbo.yaml"));
    }

    @Test
    void aMisspelledTopLevelKeyIsAnError() {
        assertEquals("dubbo.yaml: dubo: unknown key (did you mean dubbo?); known keys here: logging, dubbo",
                error("dubo:\n  protocols: {triple: {port: 1}}\n", "dubbo.yaml"));
        assertEquals("dubbo.yaml: server: unknown key; known keys here: logging, dubbo",
                error("server: {port: 8080}\ndubbo: {}\n", "dubbo.yaml"));
        // In Spring Boot's file other frameworks' keys are fine, but a near miss of dubbo is not.
        assertEquals("application.yml: dubob: unknown key (did you mean dubbo?); known keys here: logging, dubbo "
                + "(other top-level keys, such as spring or server, are ignored)",
                error("spring: {application: {name: x}}\ndubob:\n  protocol: {port: 1}\n", "application.yml"));
    }

    @Test
    void springsLoggingKeysAreIgnoredOnlyInSharedFiles() {
        assertEquals("application.yml: logging.levl: unknown key (did you mean level?); known keys here: level",
                error("logging: {levl: INFO, file: {name: x.log}}\ndubbo: {}\n", "application.yml"));
        assertEquals("dubbo.yaml: logging.file: unknown key; known keys here: level",
                error("logging: {file: {name: x.log}}\ndubbo: {}\n", "dubbo.yaml"));
    }

    @Test
    void aMisspelledDubboKeyThatTripleJavaIgnoresIsStillAnError() {
        assertEquals("application.yml: dubbo.application.dump-enabel: unknown key (did you mean dump_enable?); "
                + "known keys here: name, serialize_check_status, serialize_allow, serialize_deny, metadata_type, "
                + "qos_enable, qos_host, qos_port, qos_accept_foreign_ip, qos_accept_foreign_ip_whitelist, qos_check",
                error("dubbo:\n  application: {name: a, dump-enabel: false}\n", "application.yml"));
        assertEquals("application.yml: dubbo.metadata-reprot: unknown key (did you mean metadata_report?); known "
                + "keys here: application, metadata_report, protocols, ssl, registries, provider, consumer, metrics, tracing, "
                + "protocol, registry",
                error("dubbo:\n  metadata-reprot: {address: 'zookeeper://h:2181'}\n", "application.yml"));
    }

    @Test
    void dubboKeysTripleJavaDoesNotUseAreIgnoredWithAWarning() {
        RootConfig c = Loaders.plain().loadFromString("""
                spring: {application: {name: demo}}
                server: {port: 8080}
                dubbo:
                  application: {name: app, dump-enable: false, qosAnonymousAllowCommands: ls}
                  metadata-report: {address: 'zookeeper://127.0.0.1:2181', retry-times: 30}
                  protocol: {name: tri, port: 50051, threads: 200}
                  provider: {timeout: 5000, loadbalance: roundrobin, token: s3cret}
                """, "application.yml");
        assertEquals(List.of(
                "application.yml: dubbo.application.dump-enable is an Apache Dubbo key that triple-java does not "
                        + "use; ignored",
                "application.yml: dubbo.application.qosAnonymousAllowCommands is an Apache Dubbo key that "
                        + "triple-java does not use; ignored",
                "application.yml: dubbo.metadata_report.retry-times is an Apache Dubbo key that triple-java does "
                        + "not use; ignored",
                "application.yml: dubbo.protocol.threads is an Apache Dubbo key that triple-java does not use; "
                        + "ignored",
                "application.yml: dubbo.provider.loadbalance is an Apache Dubbo key that triple-java does not "
                        + "use; ignored"),
                c.warnings());
        assertEquals("app", c.application());
        assertEquals(50051, c.protocols().get("tri").port());
        assertEquals("s3cret", c.provider().token());
        assertEquals(java.time.Duration.ofMillis(5000), c.provider().timeout(), "used: published for consumers");
    }

    @Test
    void builderMadeConfigHasNoWarnings() {
        assertEquals(List.of(), RootConfig.builder().application("x").build().warnings());
    }
}
