package io.triple.config;

import static io.triple.config.Loaders.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keys of interface (POJO) services and references: {@code ref}, the serializations and
 * Dubbo's deserialization guard ({@code serialize-check-status} and its lists).
 */
class SerializationKeysTest {

    private static final String POJO = """
            dubbo:
              application:
                name: orders
                serialize-check-status: warn
                serializeAllow: [com.example.Money, ' com.example.model. ', com.example.Money]
                serialize_deny: com.example.internal., com.example.Secret$Inner
              protocols:
                tri: {port: 8888}
              provider:
                serialization: [Hessian2, fastjson2]
                services:
                  orders:
                    interface: com.example.OrderService
                    ref: com.example.OrderServiceImpl
              consumer:
                serialization: [fastjson2, hessian2]
                references:
                  inherits:
                    interface: com.example.OrderService
                    url: tri://localhost:8888
                  own:
                    interface: com.example.OrderService
                    url: tri://localhost:8888
                    serialization: hessian2
            """;

    private static String fails(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void parsesEveryKeyInDubbosSpellings() {
        RootConfig c = parse(POJO);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(new SerializeCheckConfig("WARN", List.of("com.example.Money", "com.example.model."),
                List.of("com.example.internal.", "com.example.Secret$Inner")), c.serializeCheck());
        assertEquals(List.of("hessian2", "fastjson2"), c.provider().serialization());
        assertEquals("com.example.OrderServiceImpl", c.services().get("orders").ref());
        assertEquals(List.of("fastjson2", "hessian2"), c.references().get("inherits").serialization(),
                "dubbo.consumer.serialization is every reference's default");
        assertEquals(List.of("hessian2"), c.references().get("own").serialization(), "Dubbo's single name");
    }

    @Test
    void defaultsAreStrictAndUnset() {
        RootConfig c = parse(Loaders.SEED);
        assertEquals(SerializeCheckConfig.DEFAULTS, c.serializeCheck());
        assertEquals("STRICT", c.serializeCheck().status());
        assertEquals(List.of(), c.provider().serialization(), "every installed serialization");
        assertEquals("", c.services().get("GreeterProvider").ref());
        assertEquals(List.of(), c.references().get("GreeterClientImpl").serialization(), "hessian2, fastjson2");
    }

    @Test
    void unknownCheckStatusListsTheAllowedValues() {
        assertEquals("dubbo.yaml: dubbo.application.serialize_check_status: expected one of STRICT, WARN, DISABLE,"
                + " got 'LOOSE'", fails("dubbo:\n  application:\n    serialize-check-status: LOOSE\n"));
    }

    @Test
    void allowAndDenyTakeClassNamesOrPackagePrefixes() {
        assertEquals("dubbo.yaml: dubbo.application.serialize_allow: expected class names (com.example.Money) or"
                + " package prefixes ending in '.' (com.example.model., which covers its subpackages; no"
                + " wildcards), got 'com.example.*'",
                fails("dubbo:\n  application:\n    serialize_allow: ['com.example.*']\n"));
        assertTrue(fails("dubbo:\n  application:\n    serialize_deny: [com..Bad]\n")
                .startsWith("dubbo.yaml: dubbo.application.serialize_deny: expected class names"));
    }

    @Test
    void refMustBeAClassName() {
        assertEquals("dubbo.yaml: dubbo.provider.services.orders.ref: expected the fully-qualified name of the"
                + " implementation class, e.g. com.example.OrderServiceImpl, got 'new OrderServiceImpl()'",
                fails(POJO.replace("ref: com.example.OrderServiceImpl", "ref: new OrderServiceImpl()")));
    }

    @Test
    void badSerializationNamesNameTheKeyAndWhereTheValueCameFrom() {
        assertEquals("dubbo.yaml: dubbo.provider.serialization: expected serialization names such as hessian2 or"
                + " fastjson2, got 'hessian 2'", fails(POJO.replace("[Hessian2, fastjson2]", "['hessian 2']")));
        assertEquals("dubbo.yaml: dubbo.consumer.references.inherits.serialization: expected serialization names"
                + " such as hessian2 or fastjson2, got 'json?' (value from dubbo.consumer.serialization)",
                fails(POJO.replace("[fastjson2, hessian2]", "['json?']")));
    }

    @Test
    void checkStatusCanBeOverriddenLikeAnyKey() {
        RootConfig c = Loaders.with(Map.of("DUBBO_APPLICATION_SERIALIZE_CHECK_STATUS", "disable"), Map.of(),
                Path.of(".")).loadFromString(POJO, "dubbo.yaml");
        assertEquals("DISABLE", c.serializeCheck().status());
        ConfigException e = assertThrows(ConfigException.class, () -> Loaders.with(Map.of(),
                Map.of("dubbo.application.serialize_check_status", "off"), Path.of("."))
                .loadFromString(POJO, "dubbo.yaml"));
        assertEquals("dubbo.yaml: dubbo.application.serialize_check_status: expected one of STRICT, WARN, DISABLE,"
                + " got 'off' (value from system property dubbo.application.serialize_check_status)", e.getMessage());
    }

    @Test
    void builtInCodeTheSameChecksApply() {
        ConfigException e = assertThrows(ConfigException.class, () -> RootConfig.builder()
                .serializeCheck(new SerializeCheckConfig("none", List.of(), List.of())).build());
        assertEquals("<code>: dubbo.application.serialize_check_status: expected one of STRICT, WARN, DISABLE,"
                + " got 'none'", e.getMessage());
        RootConfig c = RootConfig.builder()
                .protocol("tri", ProtocolConfig.builder().port(8888).build())
                .provider(ProviderConfig.builder().serialization("FASTJSON2").build())
                .service("s", ServiceConfig.builder().interfaceName("a.B").ref(" a.BImpl ").build())
                .reference("r", ReferenceConfig.builder().interfaceName("a.B").url("tri://localhost:8888")
                        .serialization("fastjson2", "hessian2").build())
                .build();
        assertEquals(List.of("fastjson2"), c.provider().serialization());
        assertEquals("a.BImpl", c.services().get("s").ref());
        assertEquals(List.of("fastjson2", "hessian2"), c.references().get("r").serialization());
        assertEquals(c, c.toBuilder().build(), "toBuilder keeps the new keys");
    }
}
