package io.triple.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/config.md must document exactly the keys the parser knows, with the same type and default. */
class DocsCoverageTest {

    private static final Path DOC = Path.of("..", "docs", "config.md");

    private static final String KEY_TABLE_HEADER = "| Key | Type | Default | Meaning |";

    /** Rows of the key reference tables (header {@value #KEY_TABLE_HEADER}), by key path. */
    private static Map<String, List<String>> documentedKeys() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inKeyTable = false;
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("|")) {
                inKeyTable = false;
                continue;
            }
            if (line.equals(KEY_TABLE_HEADER)) {
                inKeyTable = true;
                continue;
            }
            if (!inKeyTable || line.startsWith("|--")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1).split("\\|")) {
                cells.add(cell.trim());
            }
            String key = cells.get(0);
            assertTrue(key.startsWith("`") && key.endsWith("`"), "key cell not in backticks: " + line);
            List<String> previous = rows.put(key.substring(1, key.length() - 1), cells);
            assertTrue(previous == null, "documented twice: " + key);
        }
        return rows;
    }

    @Test
    void everyKnownKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        assertTrue(Files.exists(DOC), "missing " + DOC.toAbsolutePath());
        Map<String, List<String>> documented = documentedKeys();
        for (ConfigSchema.Key key : ConfigSchema.allKeys()) {
            List<String> row = documented.get(key.path());
            assertTrue(row != null, "docs/config.md does not document " + key.path());
            assertEquals(key.leaf().type().label, row.get(1), "type of " + key.path());
            String expectedDefault = key.leaf().required() ? "**required**" : key.leaf().defaultValue();
            assertEquals(expectedDefault, row.get(2), "default of " + key.path());
            assertTrue(!row.get(3).isBlank(), "meaning of " + key.path());
        }
    }

    @Test
    void everyDocumentedKeyIsKnown() throws IOException {
        List<String> known = ConfigSchema.allKeys().stream().map(ConfigSchema.Key::path).toList();
        List<String> documented = List.copyOf(documentedKeys().keySet());
        for (String d : documented) {
            assertTrue(known.contains(d), "docs/config.md documents unknown key " + d);
        }
        assertEquals(known, documented, "docs/config.md should list the keys in schema order");
    }

    @Test
    void overrideNamingExamplesFollowTheRule() {
        assertEquals("DUBBO_PROTOCOLS_TRIPLE_PORT", ConfigSchema.envName("dubbo.protocols.triple.port"));
        assertEquals("DUBBO_PROVIDER_SERVICES_GREETERPROVIDER_REGISTRY_IDS",
                ConfigSchema.envName("dubbo.provider.services.GreeterProvider.registry_ids"));
        assertEquals("LOGGING_LEVEL", ConfigSchema.envName("logging.level"));
    }
}
