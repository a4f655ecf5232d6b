package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache Dubbo's own configuration files and keys, read unchanged as the same tree as dubbo.yaml. */
class DubboConfigFilesTest {

    /** What a Dubbo Spring Boot application keeps in src/main/resources/application.yml. */
    static final String SPRING_BOOT_YAML = """
            server:
              port: 8080
            spring:
              application:
                name: greeter-provider
            logging:
              file:
                name: app.log
              pattern:
                console: '%d %msg%n'
              level:
                root: WARN
                org.apache.dubbo: INFO
            dubbo:
              application:
                name: greeter-provider
                qos-enable: false
                logger: slf4j
              protocol:
                name: tri
                port: 50051
              registry:
                address: zookeeper://127.0.0.1:2181?backup=127.0.0.1:2182
                register-mode: interface
              metadata-report:
                address: zookeeper://127.0.0.1:2181
              provider:
                token: s3cret
                filter: accesslog
                timeout: 5000
              consumer:
                timeout: 3000
                check: false
                loadbalance: roundrobin
            """;

    /** The same in Dubbo's dubbo.properties. */
    static final String DUBBO_PROPERTIES = """
            # Dubbo's own file, flat keys
            dubbo.application.name=greeter-provider
            dubbo.application.qos-enable=false
            dubbo.protocol.name=tri
            dubbo.protocol.port=50051
            dubbo.registry.address=zookeeper://127.0.0.1:2181?backup=127.0.0.1:2182
            dubbo.metadata-report.address=zookeeper://127.0.0.1:2181
            dubbo.provider.token=s3cret
            dubbo.provider.filter[0]=accesslog
            dubbo.consumer.timeout=3000
            dubbo.consumer.check=false
            dubbo.consumer.loadbalance=roundrobin
            """;

    private static void assertDubboApp(RootConfig c) {
        assertEquals("greeter-provider", c.application());
        assertEquals(Map.of("tri", new ProtocolConfig("0.0.0.0", 50051, "tri", "")), c.protocols());
        assertEquals(List.of("zookeeper"), List.copyOf(c.registries().keySet()));
        assertEquals("zookeeper", c.registries().get("zookeeper").protocol());
        assertEquals("s3cret", c.provider().token());
        assertTrue(c.provider().accesslog());
        assertEquals("zookeeper://127.0.0.1:2181?backup=127.0.0.1:2182", c.registries().get("zookeeper").address());
    }

    @Test
    void springBootApplicationYml() {
        RootConfig c = Loaders.plain().loadFromString(SPRING_BOOT_YAML, "application.yml");
        assertDubboApp(c);
        assertEquals("WARN", c.loggingLevel());
        // metadata-report and register-mode are keys of triple-java since application-level discovery
        assertEquals("zookeeper://127.0.0.1:2181", c.metadataReportAddress());
        assertEquals("interface", c.registries().get("zookeeper").registerMode());
        assertTrue(c.warnings().stream().noneMatch(w -> w.contains("register-mode")), c.warnings().toString());
    }

    @Test
    void dubboProperties() {
        RootConfig c = Loaders.plain().loadFromString(DUBBO_PROPERTIES, "dubbo.properties");
        assertDubboApp(c);
        // qos-enable is a key of triple-java since the management endpoint: no warning.
        assertEquals(List.of(), c.warnings());
        assertFalse(c.qos().enable());
        assertEquals("zookeeper://127.0.0.1:2181", c.metadataReportAddress());
    }

    @Test
    void dubbosQosKeysConfigureTheManagementEndpoint() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo.application.name=a
                dubbo.application.qos-enable=true
                dubbo.application.qos-host=127.0.0.1
                dubbo.application.qos-port=33333
                dubbo.application.qos-accept-foreign-ip=false
                dubbo.application.qos-accept-foreign-ip-whitelist=10.0.0.5,192.168.0.0/16
                dubbo.application.qos-check=true
                """, "dubbo.properties");
        assertEquals(new QosConfig(true, "127.0.0.1", 33333, false, List.of("10.0.0.5", "192.168.0.0/16"), true),
                c.qos());
        assertEquals(List.of(), c.warnings());
        assertEquals(QosConfig.DEFAULTS, Loaders.plain().loadFromString("dubbo.application.name=a\n",
                "dubbo.properties").qos());
    }

    /** The keys a Dubbo application's dubbo.properties uses for today's Dubbo behaviours, read as Dubbo reads them. */
    @Test
    void dubbosRegisterTimeoutRetriesActivesAndTagKeys() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo.application.name=a
                dubbo.protocol.name=tri
                dubbo.protocol.port=50051
                dubbo.registry.address=zookeeper://127.0.0.1:2181
                dubbo.registry.register=false
                dubbo.provider.timeout=5000
                dubbo.provider.retries=0
                dubbo.consumer.actives=8
                dubbo.consumer.tag=gray
                dubbo.consumer.references.greeter.interface=org.apache.dubbo.sample.tri.Greeter
                """, "dubbo.properties");
        assertEquals(List.of(), c.warnings());
        assertFalse(c.registries().values().iterator().next().register());
        assertEquals(Duration.ofSeconds(5), c.provider().timeout());
        assertEquals(0, c.provider().retries());
        ReferenceConfig r = c.references().get("greeter");
        assertEquals(8, r.actives());
        assertEquals("gray", r.tag());
    }

    @Test
    void consumerDefaultsFromDubboKeysReachReferences() {
        RootConfig c = Loaders.plain().loadFromString(DUBBO_PROPERTIES
                + "dubbo.consumer.references.greeter.interface=org.apache.dubbo.sample.tri.Greeter\n",
                "dubbo.properties");
        ReferenceConfig r = c.references().get("greeter");
        assertEquals(Duration.ofSeconds(3), r.timeout());
        assertEquals("roundrobin", r.loadbalance());
        assertEquals(false, r.check());
        assertEquals(List.of("zookeeper"), r.registryIds());
    }

    @Test
    void camelCaseAndKebabCaseAsDubboRelaxesThem() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo.application.name=a
                dubbo.application.serializeCheckStatus=WARN
                dubbo.protocols.t1.port=1
                dubbo.protocols.t1.triple.max-body-size=100
                dubbo.protocols.t2.port=2
                dubbo.protocols.t2.triple.maxBodySize=200
                """, "dubbo.properties");
        assertEquals("WARN", c.serializeCheck().status());
        assertEquals(100, c.protocols().get("t1").maxBodySize());
        assertEquals(200, c.protocols().get("t2").maxBodySize());
    }

    @Test
    void singularSectionsTakeTheirIdFromIdNameOrProtocol() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo:
                  protocol: {id: main, name: triple, port: 1}
                  protocols:
                    admin: {port: 2}
                  registry: {id: zk, address: '127.0.0.1:2181', protocol: zookeeper}
                """, "application.yml");
        assertEquals(List.of("main", "admin"), List.copyOf(c.protocols().keySet()));
        assertEquals("triple", c.protocols().get("main").name());
        assertEquals(List.of("zk"), List.copyOf(c.registries().keySet()));
        // No name: Triple (the one wire triple-java speaks), id tri.
        RootConfig d = Loaders.plain().loadFromString("dubbo.protocol.port=7\n", "dubbo.properties");
        assertEquals(7, d.protocols().get("tri").port());
    }

    @Test
    void keyPathGivesTheKeyAsWritten() {
        RootConfig c = Loaders.plain().loadFromString(DUBBO_PROPERTIES, "dubbo.properties");
        assertEquals("dubbo.protocol.port", c.keyPath("dubbo.protocols.tri.port"));
        assertEquals("dubbo.registry.address", c.keyPath("dubbo.registries.zookeeper.address"));
        assertEquals("dubbo.application.name", c.keyPath("dubbo.application.name"));
        assertEquals("dubbo.protocols.x.port", Loaders.parse(Loaders.MINIMAL).keyPath("dubbo.protocols.x.port"));
    }

    @Test
    void registryNotAvailableMeansNoRegistry() {
        RootConfig c = Loaders.plain().loadFromString("dubbo.protocol.port=7\ndubbo.registry.address=N/A\n",
                "dubbo.properties");
        assertEquals(Map.of(), c.registries());
    }

    @Test
    void errorsNameTheKeyAsWritten() {
        assertEquals("dubbo.properties: dubbo.protocol.port: expected an integer port 1-65535, got 'abc'",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo.protocol.name=tri\ndubbo.protocol.port=abc\n", "dubbo.properties")).getMessage());
        assertEquals("dubbo.properties: dubbo.protocol.name: expected one of tri, triple, grpc, got 'dubbo'",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo.protocol.name=dubbo\ndubbo.protocol.port=20880\n", "dubbo.properties")).getMessage());
        assertEquals("dubbo.properties: dubbo.registry.adress: unknown key (did you mean address?); known keys "
                + "here: protocol, address, timeout, register_mode, register",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo.registry.adress=zookeeper://h:2181\n", "dubbo.properties")).getMessage());
        assertEquals("application.yml: dubbo.protocol: declares the protocols entry 'tri', which "
                + "dubbo.protocols.tri declares too; keep one (or give this one another id with the key id)",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo:\n  protocol: {port: 1}\n  protocols: {tri: {port: 2}}\n", "application.yml"))
                        .getMessage());
        assertEquals("dubbo.properties: dubbo.protocol.port: conflicts with another key: dubbo.protocol.port is "
                + "given both a value of its own and keys below it; keep one",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo.protocol.port.x=1\ndubbo.protocol.port=2\n", "dubbo.properties")).getMessage());
    }

    @Test
    void overridesWithDubbosSingularNames() {
        ConfigLoader l = Loaders.with(Map.of("DUBBO_PROTOCOL_PORT", "9001"), Map.of(), Path.of("."));
        assertEquals(9001, l.loadFromString(DUBBO_PROPERTIES, "dubbo.properties").protocols().get("tri").port());
        ConfigLoader p = Loaders.with(Map.of("DUBBO_PROTOCOL_PORT", "9001"), Map.of("dubbo.protocol.port", "9002"),
                Path.of("."));
        assertEquals(9002, p.loadFromString(DUBBO_PROPERTIES, "dubbo.properties").protocols().get("tri").port());
        ConfigException e = assertThrows(ConfigException.class, () -> Loaders.with(Map.of(),
                Map.of("dubbo.protocol.port", "x"), Path.of(".")).loadFromString(DUBBO_PROPERTIES, "dubbo.properties"));
        assertEquals("dubbo.properties: dubbo.protocol.port: expected an integer port 1-65535, got 'x' (value from "
                + "system property dubbo.protocol.port)", e.getMessage());
    }

    @Test
    void registriesFromPlugInsAreAccepted() {
        // TestRegistryFactory (META-INF/services in the test class path) serves etcd3.
        RootConfig c = Loaders.plain().loadFromString("dubbo.protocol.port=7\ndubbo.registry.address=etcd3://h:2379\n",
                "dubbo.properties");
        assertEquals("etcd3", c.registries().get("etcd3").protocol());
        assertTrue(Validator.registryProtocols().containsAll(List.of("zookeeper", "etcd3")));
        assertEquals("dubbo.properties: dubbo.registry.address: registry protocol 'nacos' is not supported by "
                + "triple-java yet; supported: zookeeper, etcd3",
                assertThrows(ConfigException.class, () -> Loaders.plain().loadFromString(
                        "dubbo.registry.address=nacos://h:8848\n", "dubbo.properties")).getMessage());
    }

    @Test
    void springProfilesInOneApplicationYml() {
        String yml = """
                spring: {profiles: {active: prod}}
                dubbo:
                  application: {name: app}
                  protocol: {port: 1}
                ---
                spring: {config: {activate: {on-profile: prod}}}
                dubbo:
                  protocol: {port: 2}
                ---
                spring:
                  config.activate.on-profile: dev
                dubbo:
                  protocol: {port: 3}
                """;
        RootConfig prod = Loaders.plain().loadFromString(yml, "application.yml");
        assertEquals(2, prod.protocols().get("tri").port());
        assertEquals("app", prod.application());
        RootConfig dev = Loaders.with(Map.of("SPRING_PROFILES_ACTIVE", "dev"), Map.of(), Path.of("."))
                .loadFromString(yml, "application.yml");
        assertEquals(3, dev.protocols().get("tri").port());
        RootConfig none = Loaders.with(Map.of(), Map.of("spring.profiles.active", "test"), Path.of("."))
                .loadFromString(yml, "application.yml");
        assertEquals(1, none.protocols().get("tri").port());
        assertEquals("dubbo.yaml: contains 2 YAML documents; expected one (several, with Spring profiles, only in "
                + "application.yml)", assertThrows(ConfigException.class,
                        () -> Loaders.parse("dubbo: {}\n---\ndubbo: {}\n")).getMessage());
    }

    @Test
    void dottedKeysInApplicationYmlAsSpringReadsThem() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo.application.name: app
                dubbo:
                  protocol.name: tri
                  protocol.port: 50051
                  registry.address: zookeeper://127.0.0.1:2181
                  consumer:
                    references:
                      "[org.example.Greeter]": {interface: org.example.Greeter, url: 'tri://h:1'}
                """, "application.yml");
        assertEquals("app", c.application());
        assertEquals(50051, c.protocols().get("tri").port());
        assertEquals(List.of("zookeeper"), List.copyOf(c.registries().keySet()));
        assertEquals(List.of("org.example.Greeter"), List.copyOf(c.references().keySet()));
    }

    // ---- lookup -----------------------------------------------------------------------------------------

    @TempDir
    Path dir;

    @Test
    void applicationYmlWithoutDubboIsPassedOverForDubboProperties() throws IOException {
        Files.writeString(dir.resolve("application.yml"), "spring: {application: {name: web}}\n");
        Files.writeString(dir.resolve("dubbo.properties"), DUBBO_PROPERTIES);
        RootConfig c = Loaders.with(Map.of(), Map.of(), dir).load();
        assertEquals(dir.resolve("dubbo.properties").toString(), c.source());
        assertDubboApp(c);
    }

    @Test
    void applicationPropertiesComesBeforeDubboProperties() throws IOException {
        Files.writeString(dir.resolve("application.properties"), "server.port=8080\n"
                + DUBBO_PROPERTIES.replace("greeter-provider", "from-application-properties"));
        Files.writeString(dir.resolve("dubbo.properties"), DUBBO_PROPERTIES);
        assertEquals("from-application-properties", Loaders.with(Map.of(), Map.of(), dir).load().application());
    }

    @Test
    void theClassPathAfterTheWorkingDirectory() throws IOException {
        Path resources = Files.createDirectories(dir.resolve("resources"));
        Files.writeString(resources.resolve("application.yml"), SPRING_BOOT_YAML);
        Path work = Files.createDirectories(dir.resolve("work"));
        ConfigLoader l = new ConfigLoader(k -> null, k -> null, work, name -> url(resources.resolve(name)));
        RootConfig c = l.load();
        assertEquals("classpath:application.yml", c.source());
        assertDubboApp(c);
        Files.writeString(work.resolve("dubbo.properties"), DUBBO_PROPERTIES.replace("greeter-provider", "wd"));
        assertEquals("wd", l.load().application());
    }

    @Test
    void dubbosPropertiesFileProperty() throws IOException {
        Files.writeString(dir.resolve("dubbo.yaml"), "dubbo: {application: {name: ours}}\n");
        Files.writeString(dir.resolve("my.properties"), DUBBO_PROPERTIES);
        RootConfig c = Loaders.with(Map.of(), Map.of("dubbo.properties.file", "my.properties"), dir).load();
        assertDubboApp(c);
        ConfigException e = assertThrows(ConfigException.class,
                () -> Loaders.with(Map.of("dubbo.properties.file", "none.properties"), Map.of(), dir).load());
        assertEquals(dir.resolve("none.properties") + ": configuration file not found, neither in the working "
                + "directory nor on the class path (named by environment variable "
                + "dubbo.properties.file=none.properties)", e.getMessage());
    }

    private static URL url(Path p) {
        try {
            return Files.exists(p) ? p.toUri().toURL() : null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
