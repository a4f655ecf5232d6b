package io.triple.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code --name=value} flags, as the gRPC interop mains take them. */
final class Flags {
  private Flags() {}

  static Map<String, String> parse(String[] args, String... known) {
    Set<String> names = Set.of(known);
    Map<String, String> flags = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
        throw new IllegalArgumentException("Bad argument '" + arg + "': expected --name=value");
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq);
      if (!names.contains(name)) {
        throw new IllegalArgumentException("Unknown flag --" + name + " (known: " + String.join(", ", known) + ")");
      }
      flags.put(name, arg.substring(eq + 1));
    }
    return flags;
  }
}
