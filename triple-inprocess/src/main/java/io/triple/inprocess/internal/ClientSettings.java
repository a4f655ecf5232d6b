package io.triple.inprocess.internal;

import java.util.concurrent.Executor;

/**
 * A channel's settings for its calls: the server's name, the executor callbacks run on unless the
 * call options name one, the largest response accepted, and the channel's calls in flight.
 */
public record ClientSettings(String name, Executor executor, int maxInboundMessageSize, CallTracker calls) {}
