package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownKeyWarningsTest {

    @Test
    void unknownKeysAreReportedWithPathAndKnownKeysAndIgnored() {
        RootConfig c = Loaders.parse("""
                server: {x: 1}
                dubbo:
                  application: {name: app, owner: me}
                  protocols:
                    triple:
                      prot: 9999
                      port: 8888
                  provider:
                    services:
                      S: {interface: a.B, serialization: hessian2}
                """);
        assertEquals(List.of(
                "dubbo.yaml: unknown key server (ignored); known keys here: logging, dubbo",
                "dubbo.yaml: unknown key dubbo.application.owner (ignored); known keys here: name, "
                        + "serialize_check_status, serialize_allow, serialize_deny",
                "dubbo.yaml: unknown key dubbo.protocols.triple.prot (ignored); known keys here: ip, port, name, host, triple",
                "dubbo.yaml: unknown key dubbo.provider.services.S.serialization (ignored); known keys here: "
                        + "interface, ref, version, group, protocol, registry_ids, weight, tag, token, executes, "
                        + "accesslog, filter"),
                c.warnings());
        assertEquals(8888, c.protocols().get("triple").port());
        assertEquals("app", c.application());
    }

    @Test
    void builderMadeConfigHasNoWarnings() {
        assertEquals(List.of(), RootConfig.builder().application("x").build().warnings());
    }
}
