package io.triple.bootstrap.management;

import io.triple.bootstrap.Readiness;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Apache Dubbo's QoS commands over HTTP, with Dubbo's answers where it has them: {@code live},
 * {@code ready} and {@code startup} answer {@code true} (200) or {@code false} (503, here followed
 * by the reasons, one a line); {@code offline} and {@code online} (both levels),
 * {@code offlineInterface} / {@code onlineInterface} and {@code offlineApp} / {@code onlineApp}
 * (one level) answer {@code OK} or {@code service not found}; {@code ls} prints Dubbo's two tables, with a column more each.
 */
final class QosCommands {
  /** What other hosts may run without being allowed: probes (Dubbo's PUBLIC commands). */
  static final Set<String> PUBLIC = Set.of("live", "ready", "startup");
  static final List<String> ALL = List.of("live", "ready", "startup", "ls", "offline", "online",
      "offlineInterface", "onlineInterface", "offlineApp", "onlineApp");

  record Answer(int status, String body) {}

  private final ManagedApplication app;

  QosCommands(ManagedApplication app) {
    this.app = app;
  }

  /** Runs command {@code name}; null when there is no such command. */
  Answer run(String name, List<String> args) {
    return switch (name) {
      case "live" -> new Answer(200, "true"); // answering at all is what liveness asks
      case "startup" -> probe(app.readiness().started(), List.of("not started"));
      case "ready" -> {
        Readiness r = app.readiness();
        yield probe(r.ready(), r.reasons());
      }
      case "offline", "online", "offlineInterface", "onlineInterface", "offlineApp", "onlineApp" -> {
        Pattern pattern;
        try {
          pattern = Pattern.compile(args.isEmpty() ? ".*" : args.get(0));
        } catch (PatternSyntaxException e) {
          yield new Answer(400, "bad service pattern: " + e.getMessage());
        }
        boolean online = name.startsWith("online");
        boolean interfaceLevel = !name.endsWith("App");
        boolean appLevel = !name.endsWith("Interface");
        List<String> matched = app.setOnline(pattern, online, interfaceLevel, appLevel);
        yield new Answer(200, matched.isEmpty() ? "service not found" : "OK");
      }
      case "ls" -> new Answer(200, ls());
      default -> null;
    };
  }

  private static Answer probe(boolean ok, List<String> reasons) {
    return ok ? new Answer(200, "true") : new Answer(503, "false\n" + String.join("\n", reasons) + "\n");
  }

  private String ls() {
    TextTable providers = new TextTable().row("Provider Service Name", "PUB", "Status");
    for (ServiceStatus s : app.services()) {
      providers.row(s.serviceKey(), String.join("/", s.registries()), s.status());
    }
    TextTable consumers = new TextTable().row("Consumer Service Name", "NUM", "Providers");
    for (ReferenceStatus r : app.references()) {
      consumers.row(r.serviceKey(), Integer.toString(r.providers().size()), String.join(",", r.providers()));
    }
    return "As Provider side:\n" + providers.render() + "As Consumer side:\n" + consumers.render();
  }
}
