package io.triple.bootstrap.management;

import io.triple.bootstrap.Readiness;
import java.util.List;
import java.util.regex.Pattern;

/** What the management commands read and act on: one {@code Dubbo}. */
public interface ManagedApplication {

  /** {@code dubbo.application.name}, empty when not set. */
  String application();

  Readiness readiness();

  /** Takes the matching services out of every registry; returns their names (empty: none matched). */
  List<String> offline(Pattern services);

  /** Puts the matching services back into their registries; returns their names. */
  List<String> online(Pattern services);

  List<ServiceStatus> services();

  List<ReferenceStatus> references();
}
