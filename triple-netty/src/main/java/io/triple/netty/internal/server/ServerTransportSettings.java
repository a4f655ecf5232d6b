package io.triple.netty.internal.server;

/** Transport settings for accepted connections. */
public record ServerTransportSettings(
    int maxConcurrentStreams,
    int maxHeaderListSize,
    int initialWindowSize,
    /** Whether the receive windows grow to the measured bandwidth-delay product (WindowTuner). */
    boolean autoTuneWindow,
    long gracefulShutdownTimeoutMillis,
    long keepAliveTimeNanos,
    long keepAliveTimeoutNanos,
    long permitKeepAliveTimeNanos,
    boolean permitKeepAliveWithoutCalls,
    /** 0: no limit. */
    long maxConnectionIdleNanos,
    /** 0: no limit. */
    long maxConnectionAgeNanos,
    /** 0: calls in flight at max age get the graceful-shutdown timeout. */
    long maxConnectionAgeGraceNanos,
    /** How long a new cleartext connection may take to show which protocol it speaks. */
    long handshakeTimeoutNanos,
    /** Null: cleartext (h2c with prior knowledge). */
    io.netty.handler.ssl.SslContext sslContext,
    /** Null: none (and no handler for it in the pipeline). */
    io.triple.ConnectionListener connectionListener) {}
