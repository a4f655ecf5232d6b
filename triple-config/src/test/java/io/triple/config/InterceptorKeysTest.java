package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dubbo's interceptor (filter) attributes: token, executes, accesslog and filter. */
class InterceptorKeysTest {

    private static final String PROTOCOL = """
            dubbo:
              protocols:
                triple: {port: 8888}
            """;

    private static String fails(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void parsesTheServiceKeys() {
        RootConfig c = parse(PROTOCOL + """
                  provider:
                    services:
                      S:
                        interface: a.B
                        token: s3cret
                        executes: 10
                        accesslog: true
                        filter: [audit, metrics]
                      T:
                        interface: a.C
                        filter: audit , metrics
                        accesslog: 'FALSE'
                        executes: '0'
                        token: 12345
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        ServiceConfig s = c.services().get("S");
        assertEquals("s3cret", s.token());
        assertEquals(10, s.executes());
        assertEquals(true, s.accesslog());
        assertEquals(List.of("audit", "metrics"), s.filter());
        ServiceConfig t = c.services().get("T");
        assertEquals("12345", t.token());
        assertEquals(0, t.executes());
        assertEquals(false, t.accesslog());
        assertEquals(List.of("audit", "metrics"), t.filter());
    }

    @Test
    void defaultsAreNoTokenNoLimitNoLogNoFilters() {
        RootConfig c = parse(Loaders.MINIMAL);
        assertEquals(ProviderConfig.DEFAULTS, c.provider());
        ServiceConfig s = c.services().get("GreeterProvider");
        assertEquals("", s.token());
        assertEquals(0, s.executes());
        assertEquals(false, s.accesslog());
        assertEquals(List.of(), s.filter());
    }

    @Test
    void servicesInheritTheProviderDefaultsUnlessTheySetTheirOwn() {
        RootConfig c = parse(PROTOCOL + """
                  provider:
                    token: shared
                    executes: 5
                    accesslog: true
                    filter: audit
                    services:
                      Inherits:
                        interface: a.B
                      Overrides:
                        interface: a.C
                        token: own
                        executes: 0
                        accesslog: false
                        filter: [metrics, audit]
                      NoToken:
                        interface: a.D
                        token: false
                """);
        assertEquals(new ProviderConfig("shared", 5, true, List.of("audit")), c.provider());
        ServiceConfig in = c.services().get("Inherits");
        assertEquals("shared", in.token());
        assertEquals(5, in.executes());
        assertEquals(true, in.accesslog());
        assertEquals(List.of("audit"), in.filter());
        ServiceConfig over = c.services().get("Overrides");
        assertEquals("own", over.token());
        assertEquals(0, over.executes(), "executes: 0 turns off the inherited limit");
        assertEquals(false, over.accesslog());
        assertEquals(List.of("audit", "metrics"), over.filter(), "provider-wide names first, each once");
        assertEquals("", c.services().get("NoToken").token(), "token: false turns off the inherited token");
    }

    @Test
    void builtinNamesInFilterTurnTheBuiltinsOnAndLeaveOnlyCustomNames() {
        RootConfig c = parse(PROTOCOL + """
                  provider:
                    filter: accesslog
                    services:
                      S:
                        interface: a.B
                        token: s3cret
                        executes: 2
                        filter: executes, audit, token
                """);
        assertEquals(List.of(), c.provider().filter());
        assertTrue(c.provider().accesslog());
        ServiceConfig s = c.services().get("S");
        assertEquals(true, s.accesslog());
        assertEquals(List.of("audit"), s.filter());
    }

    @Test
    void parsesTheReferenceKeys() {
        RootConfig c = parse("""
                dubbo:
                  consumer:
                    references:
                      R:
                        interface: a.B
                        url: tri://localhost:8888
                        token: s3cret
                        filter: [token, tracing, tracing]
                      Plain:
                        interface: a.B
                        url: tri://localhost:8888
                """);
        ReferenceConfig r = c.references().get("R");
        assertEquals("s3cret", r.token());
        assertEquals(List.of("tracing"), r.filter());
        assertEquals("", c.references().get("Plain").token());
        assertEquals(List.of(), c.references().get("Plain").filter());
    }

    @Test
    void overridesReachTheNewKeys() {
        RootConfig c = Loaders.with(Map.of("DUBBO_PROVIDER_SERVICES_GREETERPROVIDER_EXECUTES", "3",
                        "DUBBO_PROVIDER_TOKEN", "from-env"),
                Map.of("dubbo.provider.services.GreeterProvider.filter", "audit,metrics"), Path.of("."))
                .loadFromString(Loaders.MINIMAL, "dubbo.yaml");
        ServiceConfig s = c.services().get("GreeterProvider");
        assertEquals(3, s.executes());
        assertEquals("from-env", s.token());
        assertEquals(List.of("audit", "metrics"), s.filter());
    }

    @Test
    void builderMatchesTheFileAndToBuilderRebuildsTheSame() {
        RootConfig file = parse(PROTOCOL + """
                  provider:
                    token: shared
                    filter: audit
                    services:
                      S: {interface: a.B, token: false, executes: 4, filter: metrics}
                """);
        RootConfig code = RootConfig.builder()
                .protocol("triple", ProtocolConfig.builder().port(8888).build())
                .provider(ProviderConfig.builder().token("shared").filter("audit").build())
                .service("S", ServiceConfig.builder().interfaceName("a.B").token("false").executes(4)
                        .filter("metrics").build())
                .build();
        assertEquals(file, code);
        RootConfig rebuilt = file.toBuilder().build();
        assertEquals(file, rebuilt);
        assertEquals("", rebuilt.services().get("S").token());
        assertEquals(List.of("audit", "metrics"), rebuilt.services().get("S").filter());
    }

    @Test
    void activesIsEveryReferencesDefaultUnlessItSetsItsOwn() {
        RootConfig c = parse("""
                dubbo:
                  consumer:
                    actives: 10
                    references:
                      Inherits: {interface: a.B, url: 'tri://h:1'}
                      Own: {interface: a.B, url: 'tri://h:1', actives: 2}
                      Unlimited: {interface: a.B, url: 'tri://h:1', actives: 0}
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(10, c.references().get("Inherits").actives());
        assertEquals(2, c.references().get("Own").actives());
        assertEquals(0, c.references().get("Unlimited").actives());
        assertEquals(0, parse("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://h:1'}
                """).references().get("R").actives());
        assertEquals(c.references().get("Own"), c.references().get("Own").toBuilder().build());
    }

    @Test
    void negativeActives() {
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.actives: expected the most calls in flight per "
                + "provider and method, 0 for no limit, got '-1'", fails("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://h:1', actives: -1}
                """));
        String inherited = fails("""
                dubbo:
                  consumer:
                    actives: -2
                    references:
                      R: {interface: a.B, url: 'tri://h:1'}
                """);
        assertTrue(inherited.contains("dubbo.consumer.actives") && inherited.contains("'-2'"), inherited);
    }

    @Test
    void aProvidersTimeoutIsEveryServicesUnlessItSetsItsOwn() {
        RootConfig c = parse(PROTOCOL + """
                  provider:
                    timeout: 5000
                    services:
                      Inherits: {interface: a.B}
                      Own: {interface: a.C, timeout: 1500ms}
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(java.time.Duration.ofSeconds(5), c.provider().timeout());
        assertEquals(java.time.Duration.ofSeconds(5), c.services().get("Inherits").timeout());
        assertEquals(java.time.Duration.ofMillis(1500), c.services().get("Own").timeout());
        assertEquals(null, parse(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B}
                """).services().get("S").timeout(), "none by default: nothing is published");
        assertEquals("dubbo.yaml: dubbo.provider.timeout: expected a positive duration like 500ms, 3s or 1m, "
                + "got '0ms'", fails(PROTOCOL + """
                  provider:
                    timeout: 0
                """));
    }

    @Test
    void aProvidersRetriesAreEveryServicesUnlessItSetsItsOwn() {
        RootConfig c = parse(PROTOCOL + """
                  provider:
                    retries: 0
                    services:
                      Inherits: {interface: a.B}
                      Own: {interface: a.C, retries: 3}
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(0, c.services().get("Inherits").retries());
        assertEquals(3, c.services().get("Own").retries());
        assertEquals(null, parse(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B}
                """).services().get("S").retries(), "none by default: nothing is published");
        assertEquals("dubbo.yaml: dubbo.provider.services.S.retries: expected a non-negative integer, got '-1'",
                fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, retries: -1}
                """));
    }

    // ---- errors -------------------------------------------------------------------------------------------

    @Test
    void negativeExecutes() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.executes: expected a non-negative integer (maximum "
                + "concurrent calls; 0 means unlimited), got '-1'", fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, executes: -1}
                """));
        assertEquals("dubbo.yaml: dubbo.provider.executes: expected a non-negative integer (maximum concurrent "
                + "calls; 0 means unlimited), got '-3'", fails(PROTOCOL + """
                  provider:
                    executes: -3
                """));
        assertEquals("dubbo.yaml: dubbo.provider.services.S.executes: expected an integer, got 'many'",
                fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, executes: many}
                """));
    }

    @Test
    void randomTokenIsNotSupported() {
        String msg = fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, token: true}
                """);
        assertEquals("dubbo.yaml: dubbo.provider.services.S.token: Dubbo's random token (token: true) is not "
                + "supported by triple-java; give the token itself, e.g. token: s3cret, and the same token to "
                + "consumers", msg);
        assertTrue(fails(PROTOCOL + "  provider:\n    token: default\n")
                .startsWith("dubbo.yaml: dubbo.provider.token: Dubbo's random token"));
    }

    @Test
    void tokenWithSpacesIsRefusedWithoutPrintingIt() {
        String msg = fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, token: 'my secret'}
                """);
        assertTrue(msg.startsWith("dubbo.yaml: dubbo.provider.services.S.token: expected a token of visible "
                + "ASCII characters"), msg);
        assertFalse(msg.contains("my secret"), msg);
    }

    @Test
    void accesslogMustBeABoolean() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.accesslog: expected true or false, got "
                + "'/var/log/access.log'", fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, accesslog: /var/log/access.log}
                """));
    }

    @Test
    void badFilterNames() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.filter: removing a filter with '-name' ('-audit') is "
                + "not supported; set the filter on the services that need it instead of under dubbo.provider",
                fails(PROTOCOL + """
                  provider:
                    filter: audit
                    services:
                      S: {interface: a.B, filter: -audit}
                """));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.filter: expected filter names made of letters, "
                + "digits, '_', '.' and '-', got 'a b'", fails("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://h:1', filter: [a b]}
                """));
    }

    @Test
    void builtinFiltersNeedTheirSettings() {
        assertEquals("dubbo.yaml: dubbo.provider.services.S.filter: filter 'token' needs a token; set "
                + "dubbo.provider.services.S.token (or dubbo.provider.token)", fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, filter: token}
                """));
        assertEquals("dubbo.yaml: dubbo.provider.services.S.filter: filter 'executes' needs a limit; set "
                + "dubbo.provider.services.S.executes (or dubbo.provider.executes) to 1 or more",
                fails(PROTOCOL + """
                  provider:
                    services:
                      S: {interface: a.B, filter: executes}
                """));
        assertEquals("dubbo.yaml: dubbo.consumer.references.R.filter: filter 'token' needs a token; set "
                + "dubbo.consumer.references.R.token", fails("""
                dubbo:
                  consumer:
                    references:
                      R: {interface: a.B, url: 'tri://h:1', filter: token}
                """));
    }

    @Test
    void builderErrorsNameCode() {
        ConfigException e = assertThrows(ConfigException.class, () -> RootConfig.builder()
                .protocol("triple", ProtocolConfig.builder().port(8888).build())
                .service("S", ServiceConfig.builder().interfaceName("a.B").executes(-2).build())
                .build());
        assertEquals("<code>", e.source());
        assertEquals("dubbo.provider.services.S.executes", e.keyPath());
    }
}
