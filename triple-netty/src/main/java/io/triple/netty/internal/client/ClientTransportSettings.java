package io.triple.netty.internal.client;

import io.netty.handler.ssl.SslContext;
import io.triple.ConnectionListener;
import io.triple.netty.internal.http2.ClientKeepAlive;
import java.util.concurrent.Executor;

/** Settings every call and connection of a channel shares; {@code sslContext} null: cleartext. */
public record ClientTransportSettings(
    Executor executor,
    int maxInboundMessageSize,
    int maxHeaderListSize,
    int initialWindowSize,
    /** Whether the receive windows grow to the measured bandwidth-delay product (WindowTuner). */
    boolean autoTuneWindow,
    int connectTimeoutMillis,
    String userAgent,
    /** Null: no keepalive PINGs. */
    ClientKeepAlive keepAlive,
    SslContext sslContext,
    /** Sent as tri-service-version / -group when the call sets none; empty: not sent. */
    String serviceVersion,
    String serviceGroup,
    /** Told of each connection, its bytes and its streams' stalls; null: none (no handler for it). */
    ConnectionListener connectionListener) {}
