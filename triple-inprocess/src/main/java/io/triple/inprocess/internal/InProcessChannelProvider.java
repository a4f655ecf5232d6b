package io.triple.inprocess.internal;

import io.triple.ManagedChannel;
import io.triple.inprocess.InProcessChannel;
import io.triple.spi.ChannelProvider;
import java.net.URI;

/**
 * {@code Channels.forTarget("inprocess://NAME")}: a channel to the in-process server named
 * {@code NAME} (a name that is a valid host name; {@link InProcessChannel#forName} takes any).
 */
public final class InProcessChannelProvider implements ChannelProvider {
  public static final String SCHEME = "inprocess";

  @Override
  public boolean supports(URI target) {
    return SCHEME.equalsIgnoreCase(target.getScheme());
  }

  @Override
  public ManagedChannel create(URI target) {
    if (target.getPort() != -1 || (target.getRawPath() != null && !target.getRawPath().isEmpty())
        || target.getRawQuery() != null) {
      throw new IllegalArgumentException("An in-process target is inprocess://NAME, without port, path or query: "
          + target);
    }
    return InProcessChannel.forName(target.getHost()).build();
  }
}
