package io.triple.pojo;

import io.triple.pojo.internal.Serializations;
import io.triple.pojo.spi.Serialization;
import java.util.Set;

/**
 * The serializations interface services can use in this process: those on the class path
 * ({@code META-INF/services/io.triple.pojo.spi.Serialization}: triple-serialization-hessian2,
 * -fastjson2) and those given here in code (the Spring Boot starter registers {@link Serialization}
 * beans this way). A {@link PojoService} or {@link PojoClient} built afterwards accepts and uses a
 * registered one as it does the class path's, by its {@link Serialization#name()}.
 */
public final class InstalledSerializations {
  private InstalledSerializations() {}

  /** Installs {@code serialization}, replacing an installed one of the same name. */
  public static void register(Serialization serialization) {
    if (serialization.name() == null || serialization.name().isBlank()) {
      throw new IllegalArgumentException("a serialization needs a name: " + serialization);
    }
    Serializations.register(serialization);
  }

  /** The names installed now, class path ones first. */
  public static Set<String> names() {
    return Serializations.installed().keySet();
  }
}
