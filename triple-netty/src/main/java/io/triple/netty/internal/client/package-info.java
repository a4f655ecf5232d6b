/**
 * The client side of a {@code TripleChannel}: {@code ClientConnection} (connect, TLS, the
 * HTTP/2 pipeline, SETTINGS and GOAWAY), {@code ClientConnectionHandler} (stream ids to calls),
 * {@code NettyClientCall} (one call: headers, framing, inbound flow control, deadline, status),
 * {@code PendingStream} (its frames until the stream opens, and the held last DATA frame),
 * {@code FailingClientCall} and {@code ConnectFailure} (what a call sees when there is no
 * connection), {@code ClientTransportSettings}.
 *
 * <p>Uses {@code wire} and {@code http2} only: no server code, so a change to serving cannot
 * break calling. {@code NettyChannelProvider}, the {@code ChannelProvider} found through
 * {@code ServiceLoader}, lives in {@code io.triple.client} beside the {@code TripleChannel} it
 * builds, since the public API depends on this package and not the other way round.
 */
package io.triple.netty.internal.client;
