package io.triple.netty.internal;

/** HTTP/2 settings for accepted connections. */
public record ServerTransportSettings(
    int maxConcurrentStreams,
    int maxHeaderListSize,
    int initialWindowSize,
    long gracefulShutdownTimeoutMillis,
    long keepAliveTimeNanos,
    long keepAliveTimeoutNanos,
    /** Null: cleartext (h2c with prior knowledge). */
    io.netty.handler.ssl.SslContext sslContext) {}
