package io.triple.bootstrap.management;

import io.triple.bootstrap.Readiness;
import io.triple.bootstrap.spi.ApplicationView;
import java.util.List;
import java.util.regex.Pattern;

/** What the management commands read and act on: one {@code Dubbo}. */
public interface ManagedApplication extends ApplicationView {

  /** {@code dubbo.application.name}, empty when not set. */
  String application();

  Readiness readiness();

  /**
   * Takes the matching services out of their registries ({@code online} false) or puts them back,
   * at interface level, application level or both; returns their names (empty: none matched).
   */
  List<String> setOnline(Pattern services, boolean online, boolean interfaceLevel, boolean applicationLevel);
}
