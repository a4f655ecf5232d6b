package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    private static String fails(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> Loaders.parse(yaml));
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected <" + p + "> in: " + message);
        }
    }

    private static String protocolWithPort(String port) {
        return "dubbo:\n  protocols:\n    triple:\n      port: " + port + "\n";
    }

    @Test
    void portNotANumber() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got 'abc'",
                fails(protocolWithPort("abc")));
    }

    @Test
    void portOutOfRange() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got '70000'",
                fails(protocolWithPort("70000")));
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got '-1'",
                fails(protocolWithPort("-1")));
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got '88.5'",
                fails(protocolWithPort("88.5")));
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertEquals(0, Loaders.parse(protocolWithPort("0")).protocols().get("triple").port());
        assertEquals(0, Loaders.parse(protocolWithPort("'0'")).protocols().get("triple").port());
    }

    @Test
    void portMissing() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: missing required key; expected an integer port "
                + "1-65535", fails("dubbo:\n  protocols:\n    triple:\n      ip: 0.0.0.0\n"));
    }

    @Test
    void tripleLimitsMustBePositive() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.triple.max_body_size: expected a positive integer, got '0'",
                fails("dubbo:\n  protocols:\n    triple: {port: 1, triple: {max-body-size: 0}}\n"));
        assertEquals("dubbo.yaml: dubbo.protocols.triple.triple.initial_window_size: expected at least 65535 "
                + "(HTTP/2's initial window), got '1024'",
                fails("dubbo:\n  protocols:\n    triple: {port: 1, triple: {initialWindowSize: 1024}}\n"));
    }

    @Test
    void corsOriginMustBeAnOrigin() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.triple.rest.cors.allowed_origins: expected origins such as "
                + "https://app.example.com (scheme and host, optional port, no path) or *, got 'app.example.com/x'",
                fails("dubbo:\n  protocols:\n    triple: {port: 1, triple: {rest: {cors: {allowed-origins: "
                        + "[app.example.com/x]}}}}\n"));
    }

    @Test
    void unknownProtocolName() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.name: expected one of tri, triple, grpc, got 'dubbo'",
                fails("dubbo:\n  protocols:\n    triple: {port: 1, name: dubbo}\n"));
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        String msg = fails("dubbo:\n  protocols:\n    triple:\n      port: [8888\n");
        assertContains(msg, "dubbo.yaml: YAML syntax error at line ", ", column ");
        String msg2 = fails("dubbo:\n  application:\n    name: a\n   bad: indentation\n");
        assertContains(msg2, "dubbo.yaml: YAML syntax error at line 4, column 4");
    }

    @Test
    void duplicateKeyIsAnError() {
        String msg = fails("dubbo:\n  protocols:\n    t: {port: 1}\n    t: {port: 2}\n");
        assertContains(msg, "dubbo.yaml: invalid YAML at line 4, column 5", "duplicate key t");
    }

    @Test
    void sameKeyInTwoSpellings() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.registry_ids: given twice, as 'registry_ids' and as "
                        + "'registryIds'; keep one",
                fails("""
                        dubbo:
                          protocols: {t: {port: 1}}
                          registries: {zk: {address: 'zookeeper://h:1'}}
                          provider:
                            services:
                              S: {interface: a.B, registry_ids: zk, registryIds: zk}
                        """));
    }

    @Test
    void mapExpectedGotList() {
        assertEquals("dubbo.yaml: dubbo.protocols: expected a map of protocol ids to protocol settings, got a list "
                + "[triple, grpc]", fails("dubbo:\n  protocols: [triple, grpc]\n"));
        assertEquals("dubbo.yaml: dubbo.application: expected a map with keys name, serialize_check_status, "
                + "serialize_allow, serialize_deny, metadata_type, qos_enable, qos_host, qos_port, qos_accept_foreign_ip, "
                + "qos_accept_foreign_ip_whitelist, qos_check, got 'greeter'",
                fails("dubbo:\n  application: greeter\n"));
        assertEquals("dubbo.yaml: expected a map with keys logging, dubbo, got a list [a, b]", fails("- a\n- b\n"));
    }

    @Test
    void scalarExpectedGotMapOrList() {
        assertEquals("dubbo.yaml: dubbo.protocols.triple.ip: expected a single value (string), got a map {a=b}",
                fails("dubbo:\n  protocols:\n    triple: {port: 1, ip: {a: b}}\n"));
        assertEquals("dubbo.yaml: dubbo.protocols.triple.port: expected an integer port 1-65535, got a list [1, 2]",
                fails("dubbo:\n  protocols:\n    triple: {port: [1, 2]}\n"));
    }

    @Test
    void emptyFile() {
        assertEquals("dubbo.yaml: the file is empty; expected a map with a 'dubbo' key", fails("# nothing\n"));
    }

    @Test
    void missingInterface() {
        assertEquals("dubbo.yaml: dubbo.provider.services.GreeterProvider.interface: missing required key; "
                        + "expected the fully-qualified interface name, e.g. org.apache.dubbo.sample.tri.Greeter",
                fails("""
                        dubbo:
                          protocols: {triple: {port: 8888}}
                          provider:
                            services:
                              GreeterProvider: {version: 1.0.0}
                        """));
        assertContains(fails("""
                        dubbo:
                          consumer:
                            references:
                              Client: {url: 'tri://localhost:8888'}
                        """),
                "dubbo.yaml: dubbo.consumer.references.Client.interface: missing required key");
    }

    @Test
    void serviceRefersToUndeclaredProtocol() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.protocol: refers to protocol 'grpc', which is not "
                        + "declared; declared protocols under dubbo.protocols: triple, rest",
                fails("""
                        dubbo:
                          protocols:
                            triple: {port: 8888}
                            rest: {port: 8889}
                          provider:
                            services:
                              S: {interface: a.B, protocol: grpc}
                        """));
    }

    @Test
    void serviceWithoutProtocolWhenSeveralAreDeclared() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.protocol: missing; required because several protocols "
                        + "are declared: triple, rest",
                fails("""
                        dubbo:
                          protocols:
                            triple: {port: 8888}
                            rest: {port: 8889}
                          provider:
                            services:
                              S: {interface: a.B}
                        """));
        assertContains(fails("dubbo:\n  provider:\n    services:\n      S: {interface: a.B}\n"),
                "dubbo.yaml: dubbo.provider.services.S.protocol: missing, and no protocol is declared");
    }

    @Test
    void registryIdsReferToUndeclaredRegistry() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.registry_ids: refers to registry 'zk2', which is not "
                        + "declared; declared registries under dubbo.registries: demoZK",
                fails("""
                        dubbo:
                          protocols: {triple: {port: 8888}}
                          registries: {demoZK: {address: 'zookeeper://h:2181'}}
                          provider:
                            services:
                              S: {interface: a.B, registry_ids: 'demoZK,zk2'}
                        """));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.registry_ids: refers to registry 'zk', which is not "
                        + "declared; no registries are declared under dubbo.registries",
                fails("""
                        dubbo:
                          consumer:
                            references:
                              R: {interface: a.B, registry_ids: [zk]}
                        """));
    }

    @Test
    void referenceWithNeitherUrlNorRegistry() {
        assertContains(fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B}\n"),
                "dubbo.yaml: dubbo.consumer.references.R: has neither url nor a registry");
    }

    @Test
    void badReferenceUrl() {
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.url: expected a URL like tri://host:port (several "
                + "separated by ';'), got 'localhost:8888'", fails("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'localhost:8888'}
                """));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.url: expected a URL like tri://host:port (several "
                + "separated by ';'), got 'b:x'", fails("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://a:50051;b:x'}
                """));
    }

    /** Dubbo's way to list several providers without a registry: the channel balances over them. */
    @Test
    void severalReferenceUrlsSeparatedBySemicolons() {
        RootConfig c = Loaders.plain().loadFromString("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://a:50051;tri://b:50052?version=1.0.0'}
                """, "dubbo.yaml");
        assertEquals("tri://a:50051;tri://b:50052?version=1.0.0", c.references().get("R").url());
    }

    @Test
    void unsupportedAndUnknownRegistryProtocols() {
        assertEquals("dubbo.yaml: dubbo.registries.r.protocol: registry protocol 'nacos' is not supported by "
                        + "triple-java yet; supported: zookeeper, etcd3",
                fails("dubbo:\n  registries:\n    r: {protocol: nacos, address: '127.0.0.1:8848'}\n"));
        assertEquals("dubbo.yaml: dubbo.registries.r.address: registry protocol 'nacos' is not supported by "
                        + "triple-java yet; supported: zookeeper, etcd3",
                fails("dubbo:\n  registries:\n    r: {address: 'nacos://127.0.0.1:8848'}\n"));
        // etcd3: served by the test class path's TestRegistryFactory, as a plug-in would.
        assertEquals("dubbo.yaml: dubbo.registries.r.protocol: unknown registry protocol 'zk'; expected one of: "
                        + "zookeeper, etcd3 (a plug-in adds others through io.triple.registry.RegistryFactory)",
                fails("dubbo:\n  registries:\n    r: {protocol: zk, address: '127.0.0.1:2181'}\n"));
    }

    @Test
    void registryProtocolMissingOrConflicting() {
        assertContains(fails("dubbo:\n  registries:\n    r: {address: '127.0.0.1:2181'}\n"),
                "dubbo.yaml: dubbo.registries.r.protocol: missing; set protocol: zookeeper");
        assertContains(fails("dubbo:\n  registries:\n    r: {protocol: zookeeper, address: 'nacos://h:1'}\n"),
                "dubbo.yaml: dubbo.registries.r.protocol: is 'zookeeper' but address 'nacos://h:1' says 'nacos'");
    }

    @Test
    void badRegistryAddress() {
        assertEquals("dubbo.yaml: dubbo.registries.r.address: expected host:port[,host:port...], got "
                        + "'zookeeper://127.0.0.1' (bad entry '127.0.0.1')",
                fails("dubbo:\n  registries:\n    r: {address: 'zookeeper://127.0.0.1'}\n"));
        assertContains(fails("dubbo:\n  registries:\n    r: {protocol: zookeeper}\n"),
                "dubbo.yaml: dubbo.registries.r.address: missing required key");
    }

    @Test
    void badDuration() {
        assertEquals("dubbo.yaml: dubbo.registries.r.timeout: expected a duration like 500ms, 3s or 1m (a plain "
                        + "number means milliseconds), got '3 seconds'",
                fails("dubbo:\n  registries:\n    r: {address: 'zookeeper://h:1', timeout: 3 seconds}\n"));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.timeout: expected a duration like 500ms, 3s or 1m "
                        + "(a plain number means milliseconds), got '-1s'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "timeout: -1s}\n"));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.timeout: expected a positive duration like 500ms, "
                        + "3s or 1m, got '0ms'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "timeout: 0}\n"));
    }

    @Test
    void negativeRetriesAndWeight() {
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.retries: expected a non-negative integer, got '-1'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "retries: -1}\n"));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.retries: expected an integer, got 'two'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "retries: two}\n"));
        assertEquals("dubbo.yaml: dubbo.provider.services.S.weight: expected a non-negative integer, got '-5'",
                fails("dubbo:\n  protocols: {t: {port: 1}}\n  provider:\n    services:\n"
                        + "      S: {interface: a.B, weight: -5}\n"));
    }

    @Test
    void unknownLoadbalanceAndCluster() {
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.loadbalance: expected one of random, roundrobin, "
                        + "leastactive, p2c, adaptive, got 'fastest'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "loadbalance: fastest}\n"));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.cluster: expected one of failover, failfast, "
                        + "failsafe, forking, got 'broadcast'",
                fails("dubbo:\n  consumer:\n    references:\n      R: {interface: a.B, url: 'tri://h:1', "
                        + "cluster: broadcast}\n"));
    }

    @Test
    void badLoggingLevel() {
        assertEquals("dubbo.yaml: logging.level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, got 'LOUD'",
                fails("logging: {level: LOUD}\ndubbo: {}\n"));
    }

    @Test
    void exceptionExposesSourceAndKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Loaders.plain().loadFromString(protocolWithPort("abc"), "conf/my.yaml"));
        assertEquals("conf/my.yaml", e.source());
        assertEquals("dubbo.protocols.triple.port", e.keyPath());
        assertTrue(e.getMessage().startsWith("conf/my.yaml: dubbo.protocols.triple.port: "));
    }

    @Test
    void aliasBombIsRejected() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        assertContains(fails(sb.toString()), "dubbo.yaml: cannot be parsed as YAML: ", "aliases");
    }

    @Test
    void noJavaObjectsAreInstantiated() {
        assertContains(fails("dubbo: !!java.io.File ['/tmp']\n"), "at line 1, column 8", "tag is not allowed",
                "java.io.File");
    }

    @Test
    void tlsServerNeedsBothCertificateAndKey() throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.createTempFile("cert", ".pem");
        try {
            assertEquals("dubbo.yaml: dubbo.ssl.server_private_key_path: not set, but "
                            + "server_key_cert_chain_path is: a TLS server needs both its certificate chain "
                            + "and its private key",
                    fails("dubbo:\n  ssl:\n    server-key-cert-chain-path: " + cert + "\n"));
        } finally {
            java.nio.file.Files.delete(cert);
        }
    }

    @Test
    void tlsFileThatDoesNotExistIsNamed() {
        assertContains(fails("dubbo:\n  ssl:\n    client_trust_cert_collection_path: /no/such/ca.pem\n"),
                "dubbo.yaml: dubbo.ssl.client_trust_cert_collection_path: no readable file at '/no/such/ca.pem'");
    }

    @Test
    void clientCertificateNeedsItsKeyAndReferenceTls() throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.createTempFile("cert", ".pem");
        try {
            assertContains(fails("dubbo:\n  ssl:\n    client-key-cert-chain-path: " + cert + "\n"),
                    "dubbo.ssl.client_private_key_path: not set, but the other half of the client certificate is");
            assertContains(fails("dubbo:\n  ssl:\n    client-key-cert-chain-path: " + cert
                            + "\n    client-private-key-path: " + cert + "\n"),
                    "dubbo.ssl.client_key_cert_chain_path: set, but references do not use TLS");
        } finally {
            java.nio.file.Files.delete(cert);
        }
    }
}
