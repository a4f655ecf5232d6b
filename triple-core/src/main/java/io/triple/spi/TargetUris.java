package io.triple.spi;

/**
 * For {@link io.triple.Channels} and channel providers: target strings as users write them, made into URIs the channel providers understand: a bare
 * {@code host:port} is {@code tri://host:port}, and grpc-java's DNS syntax
 * ({@code dns:///host:port}, {@code dns://resolver/host:port}, {@code dns:host:port}) names the
 * same host and port (443 when none is given, as grpc-java does; the resolver authority is not
 * used: names resolve through the JDK); {@code inprocess:NAME} (grpc-java's spelling of an
 * in-process target) is {@code inprocess://NAME}. Anything else is returned as it is.
 */
public final class TargetUris {
  private TargetUris() {}

  public static String normalize(String target) {
    String t = target.trim();
    if (t.regionMatches(true, 0, "dns:", 0, 4)) {
      String rest = t.substring(4);
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "" : rest.substring(slash + 1); // drop the resolver authority
      }
      if (rest.isEmpty()) {
        return t; // no host: left for the URI parser to name
      }
      return "tri://" + rest + (hasPort(rest) ? "" : ":443");
    }
    if (t.regionMatches(true, 0, "inprocess:", 0, 10) && !t.regionMatches(10, "//", 0, 2)) {
      return "inprocess://" + t.substring(10);
    }
    return t.contains("://") ? t : "tri://" + t;
  }

  private static boolean hasPort(String hostPort) {
    int bracket = hostPort.lastIndexOf(']');
    int colon = hostPort.lastIndexOf(':');
    return colon > bracket && (bracket >= 0 || hostPort.indexOf(':') == colon);
  }
}
