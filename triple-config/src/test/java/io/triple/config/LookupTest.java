package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupTest {

    @TempDir
    Path dir;

    private void write(String name, String application) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "dubbo:\n  application:\n    name: " + application + "\n");
    }

    private RootConfig load(Map<String, String> env) {
        return Loaders.with(env, Map.of(), dir).load();
    }

    @Test
    void dubboYamlComesFirst() throws IOException {
        write("dubbo.yaml", "from-dubbo-yaml");
        write("application.yaml", "from-application-yaml");
        write("application.yml", "from-application-yml");
        RootConfig c = load(Map.of());
        assertEquals("from-dubbo-yaml", c.application());
        assertEquals(dir.resolve("dubbo.yaml").toString(), c.source());
    }

    @Test
    void thenApplicationYamlThenApplicationYml() throws IOException {
        write("application.yml", "from-application-yml");
        assertEquals("from-application-yml", load(Map.of()).application());
        write("application.yaml", "from-application-yaml");
        assertEquals("from-application-yaml", load(Map.of()).application());
    }

    @Test
    void envVariableWinsOverWorkingDirectory() throws IOException {
        write("dubbo.yaml", "from-dubbo-yaml");
        write("conf/custom.yaml", "from-env");
        assertEquals("from-env", load(Map.of("DUBBO_CONFIG_PATH", dir.resolve("conf/custom.yaml").toString()))
                .application());
        // relative paths are resolved against the working directory
        assertEquals("from-env", load(Map.of("DUBBO_CONFIG_PATH", "conf/custom.yaml")).application());
    }

    @Test
    void envVariablePointingNowhereIsAnErrorEvenIfDefaultsExist() throws IOException {
        write("dubbo.yaml", "from-dubbo-yaml");
        String missing = dir.resolve("nope.yaml").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("DUBBO_CONFIG_PATH", missing)));
        assertEquals(missing + ": configuration file not found (named by environment variable "
                + "DUBBO_CONFIG_PATH=" + missing + ")", e.getMessage());
    }

    @Test
    void notFoundListsEveryPlaceSearched() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("dubbo.yaml: no configuration file found; searched: DUBBO_CONFIG_PATH "
                + "(environment variable, not set), "), msg);
        for (String name : new String[] {"dubbo.yaml", "application.yaml", "application.yml"}) {
            assertTrue(msg.contains(dir.resolve(name).toAbsolutePath().normalize().toString()), msg);
        }
        assertTrue(msg.endsWith("Create one of these files or set DUBBO_CONFIG_PATH to the file's path"), msg);
    }

    @Test
    void explicitPathErrorsNameTheFile() throws IOException {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, "dubbo:\n  protocols:\n    triple:\n      port: abc\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Loaders.plain().load(p));
        assertEquals(p + ": dubbo.protocols.triple.port: expected an integer port 1-65535, got 'abc'",
                e.getMessage());
        Path missing = dir.resolve("missing.yaml");
        ConfigException e2 = assertThrows(ConfigException.class, () -> Loaders.plain().load(missing));
        assertEquals(missing + ": configuration file not found", e2.getMessage());
    }

    @Test
    void loadsTheSeedExampleFromAFile() throws IOException {
        Files.writeString(dir.resolve("dubbo.yaml"), Loaders.SEED);
        RootConfig c = load(Map.of());
        assertEquals("greeter-provider", c.application());
        assertEquals(8888, c.protocols().get("triple").port());
    }
}
