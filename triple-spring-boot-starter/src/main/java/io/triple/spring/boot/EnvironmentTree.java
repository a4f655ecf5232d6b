package io.triple.spring.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * The {@code dubbo.*} properties of a Spring {@link Environment} as the tree dubbo.yaml parses
 * into (maps, lists, scalars), for triple-config's reader.
 *
 * <p>Every property source contributes (application.yml and .properties, profile-specific files,
 * command-line arguments, system properties, environment variables, test properties), the one of
 * higher precedence winning key by key, as Spring's own binding does: a list or value from a
 * higher source replaces the lower one whole, maps merge. Keys are matched relaxed (case, dashes
 * and underscores ignored: {@code registry-ids}, {@code registry_ids}, {@code registryIds},
 * {@code DUBBO_..._REGISTRYIDS}); a key keeps the spelling of the first source that wrote it, so
 * ids written in application.yml keep their case when an environment variable overrides one of
 * their keys. Values are strings with {@code ${...}} placeholders resolved, or YAML's numbers and
 * booleans.
 */
final class EnvironmentTree {
  static final ConfigurationPropertyName DUBBO = ConfigurationPropertyName.of("dubbo");

  private final Environment environment;
  /** Uniform key path to where its value came from (file and line), for error messages. */
  private final Map<String, String> origins = new LinkedHashMap<>();

  EnvironmentTree(Environment environment) {
    this.environment = environment;
  }

  /** The {@code dubbo} subtree (empty when no property starts with {@code dubbo.}). */
  Map<String, Object> dubbo() {
    List<ConfigurationPropertySource> sources = new ArrayList<>();
    if (environment instanceof ConfigurableEnvironment env) {
      ConfigurationPropertySources.get(env).forEach(sources::add);
    }
    Collections.reverse(sources); // lowest precedence first; later ones override
    Map<String, Object> merged = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : sources) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      Map<String, Object> tree = new LinkedHashMap<>();
      iterable.stream().filter(DUBBO::isAncestorOf).forEach(name -> {
        ConfigurationProperty p = iterable.getConfigurationProperty(name);
        if (p != null) {
          put(tree, name, value(p.getValue()));
          if (p.getOrigin() != null) {
            origins.put(uniformPath(name), p.getOrigin().toString());
          }
        }
      });
      merge(merged, tree);
    }
    return lists(merged);
  }

  /** Where the value of {@code keyPath} (a dotted path as in config errors) came from, or null. */
  String origin(String keyPath) {
    if (keyPath == null) {
      return null;
    }
    String wanted = uniform(keyPath.replace('.', ' ')).trim();
    for (Map.Entry<String, String> e : origins.entrySet()) {
      String key = e.getKey();
      // A list's origin is that of its first item.
      if (key.equals(wanted) || key.startsWith(wanted + " [")) {
        return e.getValue();
      }
    }
    return null;
  }

  private Object value(Object value) {
    if (value instanceof CharSequence s) {
      return environment.resolvePlaceholders(s.toString());
    }
    return value;
  }

  /** {@code dubbo.a.b[0]} into {@code {a: {b: {"[0]": v}}}} of {@code tree}, matching keys relaxed. */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, ConfigurationPropertyName name, Object value) {
    Map<String, Object> map = tree;
    int n = name.getNumberOfElements();
    for (int i = 1; i < n; i++) {
      String key = key(name, i);
      String existing = find(map, key);
      if (i == n - 1) {
        map.put(existing != null ? existing : key, value);
        return;
      }
      Object child = existing != null ? map.get(existing) : null;
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        if (existing != null) {
          map.remove(existing); // a scalar where a map is now given: the deeper keys win
        }
        map.put(existing != null ? existing : key, child);
      }
      map = (Map<String, Object>) child;
    }
  }

  private static String key(ConfigurationPropertyName name, int i) {
    String original = name.getElement(i, Form.ORIGINAL);
    return name.isNumericIndex(i) ? "[" + original + "]" : original;
  }

  /** The key of {@code map} equal to {@code key} when case, '-' and '_' are ignored. */
  static String find(Map<String, Object> map, String key) {
    if (map.containsKey(key)) {
      return key;
    }
    String u = uniform(key);
    for (String k : map.keySet()) {
      if (uniform(k).equals(u)) {
        return k;
      }
    }
    return null;
  }

  /** The value under {@code key} (matched relaxed) of {@code map}, or null. */
  static Object get(Map<String, Object> map, String key) {
    String k = find(map, key);
    return k == null ? null : map.get(k);
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach((key, value) -> {
      String existing = find(into, key);
      Object old = existing == null ? null : into.get(existing);
      if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap && !isList(newMap)) {
        merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap);
      } else {
        // A scalar or a list: replaces whatever was there, whole.
        into.put(existing != null ? existing : key, value);
      }
    });
  }

  private static boolean isList(Map<?, ?> map) {
    return !map.isEmpty() && map.keySet().stream().allMatch(k -> String.valueOf(k).matches("\\[\\d+]"));
  }

  /** Maps whose keys are all {@code [n]} become lists, in index order. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> lists(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? listOrMap((Map<String, Object>) m) : v));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object listOrMap(Map<String, Object> map) {
    if (!isList(map)) {
      return lists(map);
    }
    TreeMap<Integer, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(Integer.parseInt(k.substring(1, k.length() - 1)),
        v instanceof Map<?, ?> m ? listOrMap((Map<String, Object>) m) : v));
    return new ArrayList<>(sorted.values());
  }

  private static String uniformPath(ConfigurationPropertyName name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      sb.append(i == 0 ? "" : " ").append(name.isNumericIndex(i) ? "[" + name.getElement(i, Form.ORIGINAL) + "]"
          : uniform(name.getElement(i, Form.ORIGINAL)));
    }
    return sb.toString();
  }

  private static String uniform(String key) {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == ' ' || c == '[' || c == ']') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
