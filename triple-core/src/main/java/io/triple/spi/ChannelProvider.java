package io.triple.spi;

import io.triple.ManagedChannel;
import java.net.URI;

/**
 * Service-provider interface behind {@link io.triple.Channels}: registered in
 * {@code META-INF/services/io.triple.spi.ChannelProvider}.
 */
public interface ChannelProvider {
  /** True if this provider can build a channel for the URI's scheme. */
  boolean supports(URI target);

  ManagedChannel create(URI target);
}
