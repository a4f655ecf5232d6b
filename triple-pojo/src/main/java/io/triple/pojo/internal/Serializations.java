package io.triple.pojo.internal;

import io.triple.pojo.spi.Serialization;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The serializations installed, by Dubbo's name: those on the class path ({@link ServiceLoader}),
 * and those given in code ({@link #register}, e.g. the Spring starter's Serialization beans).
 */
public final class Serializations {
  private static volatile Map<String, Serialization> installed;

  private Serializations() {}

  /** hessian2, fastjson2, ... as installed, in class path order. */
  public static Map<String, Serialization> installed() {
    Map<String, Serialization> m = installed;
    if (m == null) {
      return loadOnce();
    }
    return m;
  }

  private static synchronized Map<String, Serialization> loadOnce() {
    Map<String, Serialization> m = installed;
    if (m == null) {
      Map<String, Serialization> found = new LinkedHashMap<>();
      for (Serialization s : ServiceLoader.load(Serialization.class, Serializations.class.getClassLoader())) {
        found.putIfAbsent(s.name(), s);
      }
      installed = m = Collections.unmodifiableMap(found);
    }
    return m;
  }

  /**
   * Installs {@code s} for this process beside the class path's, replacing one of the same name:
   * services and clients built afterwards accept and use it as they do the class path's.
   */
  public static synchronized void register(Serialization s) {
    Map<String, Serialization> m = new LinkedHashMap<>(installed());
    m.put(s.name(), s);
    installed = Collections.unmodifiableMap(m);
  }

  /**
   * The serialization named {@code name} (Dubbo's name or its wire name, hessian4), or an
   * exception that says what is installed and which module brings it.
   */
  public static Serialization require(String name) {
    Serialization s = installed().get(Wrappers.fromWireName(name));
    if (s == null) {
      throw new IllegalArgumentException("serialization '" + name + "' is not installed (installed: "
          + (installed().isEmpty() ? "none" : String.join(", ", installed().keySet()))
          + "); add io.triple:triple-serialization-" + Wrappers.fromWireName(name) + " to the class path");
    }
    return s;
  }

  /** The first of {@code preferred} that is installed, else {@link #require} of the first. */
  public static Serialization firstInstalled(List<String> preferred) {
    for (String p : preferred) {
      Serialization s = installed().get(Wrappers.fromWireName(p));
      if (s != null) {
        return s;
      }
    }
    return require(preferred.get(0));
  }
}
