package io.triple;

import io.triple.spi.ChannelProvider;
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
        "No channel provider for '" + target + "' (is triple-netty on the class path? "
            + "supported schemes: tri, triple, http, grpc)");
  }

  static URI parse(String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target URI must not be empty");
    }
    String t = target.trim();
    if (!t.contains("://")) {
      t = "tri://" + t; // a bare host:port
    }
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
