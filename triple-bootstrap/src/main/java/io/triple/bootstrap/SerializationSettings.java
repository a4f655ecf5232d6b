package io.triple.bootstrap;

import io.triple.config.ConfigException;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import io.triple.config.SerializeCheckConfig;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.InstalledSerializations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration's serialization settings for interface (POJO) services and references, checked
 * against the serializations on the class path. The configuration module cannot do that check (it
 * does not know what is installed), so these errors come when a POJO service or reference is made,
 * still naming the file and the key.
 */
final class SerializationSettings {
  /** Used when neither the reference nor dubbo.consumer names any, as PojoClient and Dubbo 3.2 do. */
  static final List<String> DEFAULT_PREFERENCE = List.of("hessian2", "fastjson2");
  /**
   * Dubbo's serialization names: in a preference list, one of these that is not installed is passed
   * over (a file shared with Dubbo applications may name them); any other name is a typo.
   */
  static final List<String> DUBBO_NAMES = List.of("hessian2", "fastjson2", "fastjson", "kryo", "fst", "gson",
      "avro", "msgpack", "protostuff", "protobuf", "protobuf-json", "nativejava", "java", "compactedjava",
      "fury");

  private SerializationSettings() {}

  /** The names of the serializations on the class path, as triple-pojo finds them. */
  static Set<String> installed() {
    // The class path's and those registered in code (the Spring starter's Serialization beans).
    return new LinkedHashSet<>(InstalledSerializations.names());
  }

  /**
   * A new guard built from {@code dubbo.application.serialize_*}. Callers share one per side (all
   * services, all references): each POJO service or proxy made with it adds its interface's types.
   */
  static ClassAllowList allowList(RootConfig cfg) {
    SerializeCheckConfig check = cfg.serializeCheck();
    ClassAllowList.Builder b = ClassAllowList.builder().mode(ClassAllowList.Mode.parse(check.status()));
    check.allow().forEach(b::allow);
    check.deny().forEach(b::deny);
    return b.build();
  }

  /**
   * {@code dubbo.provider.serialization}: what POJO services accept, or null for every installed
   * one. A request in another serialization fails, so each name given must be installed.
   */
  static List<String> accepted(RootConfig cfg) {
    List<String> names = cfg.provider().serialization();
    if (names.isEmpty()) {
      return null;
    }
    Set<String> installed = installed();
    for (String n : names) {
      if (!installed.contains(n)) {
        throw new ConfigException(cfg.source(), "dubbo.provider.serialization",
            "serialization '" + n + "' is not installed (installed: " + describe(installed)
                + "); add io.triple:triple-serialization-" + n + " to the class path or remove it");
      }
    }
    return names;
  }

  /**
   * The serializations a proxy of reference {@code id} may send in, in order of preference:
   * the reference's (or dubbo.consumer's, which the loader copied into it), else the default.
   *
   * @throws ConfigException if a name is neither installed nor one of Dubbo's, or none is installed
   */
  static List<String> preference(RootConfig cfg, String id, ReferenceConfig rc) {
    String key = "dubbo.consumer.references." + id + ".serialization";
    List<String> names = rc.serialization().isEmpty() ? DEFAULT_PREFERENCE : rc.serialization();
    Set<String> installed = installed();
    List<String> usable = new ArrayList<>();
    for (String n : names) {
      if (installed.contains(n)) {
        usable.add(n);
      } else if (!DUBBO_NAMES.contains(n)) {
        throw new ConfigException(cfg.source(), key, "unknown serialization '" + n + "'; installed: "
            + describe(installed) + "; Dubbo's: " + String.join(", ", DUBBO_NAMES));
      }
    }
    if (usable.isEmpty()) {
      throw new ConfigException(cfg.source(), key, "none of " + names
          + (rc.serialization().isEmpty() ? " (the default)" : "") + " is installed (installed: "
          + describe(installed) + "); add io.triple:triple-serialization-" + names.get(0)
          + " to the class path");
    }
    return names;
  }

  private static String describe(Set<String> installed) {
    return installed.isEmpty() ? "none" : String.join(", ", installed);
  }
}
