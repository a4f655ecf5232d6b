package io.triple.spring.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.triple.config.ConfigException;
import io.triple.config.RootConfig;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Every fixed key of spring-configuration-metadata.json is one the reader knows. */
class ConfigurationMetadataTest {

  @Test
  void everyListedKeyIsRead() throws Exception {
    JsonObject metadata;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    }
    int checked = 0;
    for (JsonElement e : metadata.getAsJsonArray("properties")) {
      String name = e.getAsJsonObject().get("name").getAsString();
      String type = e.getAsJsonObject().get("type").getAsString();
      if (!name.startsWith("dubbo.") || type.startsWith("java.util.Map")) {
        continue;
      }
      StandardEnvironment env = new StandardEnvironment();
      env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(name, sample(name, type))));
      try {
        RootConfig c = TripleConfigFactory.create(env, new DefaultListableBeanFactory(), new AnnotatedReferences(env));
        assertFalse(c.warnings().stream().anyMatch(w -> w.contains("unknown key")), name + ": " + c.warnings());
      } catch (ConfigException ex) {
        // Recognised and checked (e.g. a TLS path alone): the error is about its section.
        String section = name.substring(0, name.lastIndexOf('.'));
        assertTrue(ex.keyPath() != null && ex.keyPath().startsWith(section), name + ": " + ex.getMessage());
      }
      checked++;
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  private static Object sample(String name, String type) {
    return switch (type) {
      case "java.lang.Integer" -> 1;
      case "java.lang.Boolean" -> true;
      case "java.time.Duration" -> "3s";
      default -> name.endsWith("serialize-check-status") ? "WARN"
          : name.endsWith("loadbalance") ? "random"
          : name.endsWith("cluster") ? "failover"
          : name.endsWith("serialization") ? "hessian2"
          : name.endsWith("serialize-allow") || name.endsWith("serialize-deny") ? "com.example."
          : "x";
    };
  }
}
