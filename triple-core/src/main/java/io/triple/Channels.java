package io.triple;

import io.triple.spi.ChannelProvider;
import io.triple.spi.TargetUris;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ServiceLoader;

/**
 * Creates channels from URIs such as {@code tri://127.0.0.1:8888} or {@code http://host:port},
 * using the {@link ChannelProvider}s on the class path (triple-netty provides one).
 */
public final class Channels {
  private Channels() {}

  /** A channel for a target URI. */
  public static ManagedChannel forTarget(String target) {
    URI uri = parse(target);
    for (ChannelProvider p : ServiceLoader.load(ChannelProvider.class, Channels.class.getClassLoader())) {
      if (p.supports(uri)) {
        return p.create(uri);
      }
    }
    throw new IllegalArgumentException(
        "No channel provider for '" + target + "' (triple-netty serves tri, triple, grpc, http, h2c, https"
            + " and dns targets; triple-cluster registry targets such as zookeeper://: is it on the class path?)");
  }

  static URI parse(String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target URI must not be empty");
    }
    String t = TargetUris.normalize(target); // a bare host:port, grpc-java's dns: targets
    try {
      URI uri = new URI(t);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("target URI has no host: " + target);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid target URI '" + target + "': " + e.getMessage(), e);
    }
  }
}
