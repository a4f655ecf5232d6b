package io.triple.client;

import io.triple.ManagedChannel;
import io.triple.client.TripleChannel;
import io.triple.spi.ChannelProvider;
import java.net.URI;
import java.util.Locale;

/** Lets {@link io.triple.Channels#forTarget} build {@link TripleChannel}s. */
public final class NettyChannelProvider implements ChannelProvider {
  @Override
  public boolean supports(URI target) {
    String scheme = target.getScheme();
    return scheme != null && TripleChannel.isSupportedScheme(scheme.toLowerCase(Locale.ROOT));
  }

  @Override
  public ManagedChannel create(URI target) {
    return TripleChannel.forTarget(target.toString()).build();
  }
}
