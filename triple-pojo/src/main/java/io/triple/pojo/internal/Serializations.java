package io.triple.pojo.internal;

import io.triple.pojo.spi.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The serializations on the class path ({@link ServiceLoader}), by Dubbo's name. */
public final class Serializations {
  private static volatile Map<String, Serialization> installed;

  private Serializations() {}

  /** hessian2, fastjson2, ... as installed, in class path order. */
  public static Map<String, Serialization> installed() {
    Map<String, Serialization> m = installed;
    if (m == null) {
      Map<String, Serialization> found = new LinkedHashMap<>();
      for (Serialization s : ServiceLoader.load(Serialization.class, Serializations.class.getClassLoader())) {
        found.putIfAbsent(s.name(), s);
      }
      installed = m = Map.copyOf(found);
    }
    return m;
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
