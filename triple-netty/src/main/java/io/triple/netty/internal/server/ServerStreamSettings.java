package io.triple.netty.internal.server;

import java.util.concurrent.Executor;

/** What every stream of a server shares. */
public record ServerStreamSettings(Executor executor, int maxInboundMessageSize, CorsPolicy cors) {
  public ServerStreamSettings(Executor executor, int maxInboundMessageSize) {
    this(executor, maxInboundMessageSize, CorsPolicy.NONE);
  }
}
